package io.lumina.queue.postgres;

import io.lumina.queue.SpanQueueContract;
import io.lumina.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** The span queue contract against the PostgreSQL table of the all-in-one mode. */
class PostgresSpanQueueIT extends SpanQueueContract {
  private static DataSource dataSource;

  @BeforeAll
  static void migrate() {
    dataSource = TestDatabase.shared().migrate().dataSource();
  }

  @Override
  protected Fixture newQueue() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE span_queue");
    }
    PostgresSpanQueue queue = new PostgresSpanQueue(dataSource, ACK_WAIT, 1024 * 1024);
    return new Fixture(
        queue,
        queue,
        new PostgresSpanQueue(dataSource, ACK_WAIT, 1024 * 1024),
        new PostgresDeadLetters(dataSource),
        () -> count("SELECT count(*) FROM span_queue WHERE dead_reason IS NULL"));
  }

  private static long count(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
