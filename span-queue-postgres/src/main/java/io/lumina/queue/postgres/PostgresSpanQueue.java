package io.lumina.queue.postgres;

import io.lumina.queue.QueueBacklog;
import io.lumina.queue.QueueHealth;
import io.lumina.queue.QueueUnavailableException;
import io.lumina.queue.QueuedBatch;
import io.lumina.queue.SpanQueue;
import io.lumina.queue.SpanQueueConsumer;
import io.lumina.wire.SpanBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The span queue without a broker, for the all-in-one mode: a table in the same PostgreSQL database
 * (see V5__span_queue.sql). Publishing commits a row before it completes, so a 200 means the batch
 * is on disk; consumers claim rows with {@code FOR UPDATE SKIP LOCKED} and hide them for the ack
 * wait, so a consumer that dies leaves them to be redelivered, exactly like JetStream's ack wait.
 */
public final class PostgresSpanQueue implements SpanQueue, SpanQueueConsumer {
  private static final Logger log = LoggerFactory.getLogger(PostgresSpanQueue.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(50);

  private final DataSource dataSource;
  private final Duration ackWait;
  private final int maxPayloadBytes;

  public PostgresSpanQueue(DataSource dataSource, Duration ackWait, int maxPayloadBytes) {
    this.dataSource = dataSource;
    this.ackWait = ackWait;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public CompletableFuture<Void> publish(SpanBatch batch) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            INSERT INTO span_queue (message_id, project_id, received_at_millis, payload)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (message_id) DO NOTHING""")) {
      ps.setString(1, batch.messageId());
      ps.setString(2, batch.projectId());
      ps.setLong(3, batch.receivedAtMillis());
      ps.setBytes(4, batch.payload());
      ps.executeUpdate();
      return CompletableFuture.completedFuture(null);
    } catch (SQLException e) {
      return CompletableFuture.failedFuture(
          new QueueUnavailableException("span queue table unavailable: " + e.getMessage(), e));
    }
  }

  @Override
  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  @Override
  public List<QueuedBatch> fetch(int maxMessages, long maxBytes, Duration maxWait)
      throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      List<QueuedBatch> claimed = claim(maxMessages, maxBytes);
      if (!claimed.isEmpty() || System.nanoTime() >= deadline) {
        return claimed;
      }
      Thread.sleep(IDLE_POLL.toMillis());
    }
  }

  private List<QueuedBatch> claim(int maxMessages, long maxBytes) {
    List<QueuedBatch> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
            UPDATE span_queue q SET deliveries = q.deliveries + 1,
                   visible_at = now() + make_interval(secs => ?)
            WHERE q.id IN (
                SELECT id FROM (
                    SELECT id, row_number() OVER w AS n, sum(octet_length(payload)) OVER w AS total
                    FROM (SELECT id, visible_at, payload FROM span_queue
                          WHERE dead_reason IS NULL AND visible_at <= now()
                          ORDER BY visible_at, id LIMIT ? FOR UPDATE SKIP LOCKED) candidates
                    WINDOW w AS (ORDER BY visible_at, id)) sized
                WHERE n = 1 OR total <= ?)
            RETURNING q.id, q.message_id, q.project_id, q.received_at_millis, q.payload, q.deliveries""")) {
      ps.setDouble(1, ackWait.toMillis() / 1000.0);
      ps.setInt(2, maxMessages);
      ps.setLong(3, maxBytes);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          SpanBatch batch =
              new SpanBatch(
                  rs.getString("project_id"),
                  rs.getLong("received_at_millis"),
                  rs.getBytes("payload"),
                  rs.getString("message_id"));
          out.add(new Claimed(rs.getLong("id"), batch, rs.getInt("deliveries")));
        }
      }
    } catch (SQLException e) {
      log.warn("claiming from the span queue table failed: {}", e.getMessage());
    }
    return out;
  }

  @Override
  public long pending() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM span_queue WHERE dead_reason IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Rows not yet acknowledged and not dead letters, as {@link #pending()} counts them. */
  @Override
  public QueueBacklog backlog() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                """
                SELECT count(*), coalesce(sum(octet_length(payload)), 0)
                FROM span_queue WHERE dead_reason IS NULL""");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new QueueBacklog(rs.getLong(1), rs.getLong(2));
    } catch (SQLException e) {
      throw new QueueUnavailableException(
          "cannot count the span queue table: " + e.getMessage(), e);
    }
  }

  @Override
  public QueueHealth check() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2)
          ? QueueHealth.up("span_queue table")
          : QueueHealth.down("database not valid");
    } catch (SQLException e) {
      return QueueHealth.down("database unavailable: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    // The data source belongs to the application context.
  }

  private void update(String sql, long id, Object argument) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (argument == null) {
        ps.setLong(1, id);
      } else {
        ps.setObject(1, argument);
        ps.setLong(2, id);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      // The claim expires by itself and the row is delivered again: nothing is lost.
      log.warn("span queue update failed (the message will be redelivered): {}", e.getMessage());
    }
  }

  private final class Claimed implements QueuedBatch {
    private final long id;
    private final SpanBatch batch;
    private final long deliveries;

    Claimed(long id, SpanBatch batch, long deliveries) {
      this.id = id;
      this.batch = batch;
      this.deliveries = deliveries;
    }

    @Override
    public SpanBatch batch() {
      return batch;
    }

    @Override
    public long deliveryCount() {
      return deliveries;
    }

    @Override
    public void ack() {
      update("DELETE FROM span_queue WHERE id = ?", id, null);
    }

    @Override
    public void retryLater(Duration delay) {
      update(
          "UPDATE span_queue SET visible_at = now() + make_interval(secs => ?) WHERE id = ?",
          id,
          delay.toMillis() / 1000.0);
    }

    @Override
    public void deadLetter(String reason) {
      update(
          "UPDATE span_queue SET dead_reason = ?, dead_at = now() WHERE id = ?",
          id,
          reason.length() > 1000 ? reason.substring(0, 1000) : reason);
    }
  }
}
