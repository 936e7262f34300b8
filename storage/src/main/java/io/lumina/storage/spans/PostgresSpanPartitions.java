package io.lumina.storage.spans;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates day partitions of {@code spans} through {@code lumina_ensure_span_partition(date)} and
 * remembers the days it knows exist, so the writer asks the database only for a new day. Each
 * creation runs in its own short transaction: creating a partition locks the parent table, which
 * must not stay locked for a whole batch, and a batch that rolls back may leave an empty partition
 * behind, which is harmless.
 */
public final class PostgresSpanPartitions implements SpanPartitions {
  private final DataSource dataSource;
  private final JdbcTemplate jdbc;
  private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

  public PostgresSpanPartitions(DataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /** Asks the database for every day, known or not: the scheduled check ahead of time. */
  @Override
  public void create(Collection<LocalDate> days) {
    jdbc.execute(
        (ConnectionCallback<Void>)
            c -> {
              createOn(c, days);
              return null;
            });
  }

  /** Creates the partitions of the days not known to exist: the writer's check before a batch. */
  void ensure(Set<LocalDate> days) throws SQLException {
    if (known.containsAll(days)) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      createOn(c, days.stream().filter(day -> !known.contains(day)).toList());
    }
  }

  /** Forgets the known days, e.g. after retention dropped some or a row found no partition. */
  public void forget() {
    known.clear();
  }

  private void createOn(Connection c, Collection<LocalDate> days) throws SQLException {
    c.setAutoCommit(true);
    try (PreparedStatement ps = c.prepareStatement("SELECT lumina_ensure_span_partition(?)")) {
      for (LocalDate day : days) {
        ps.setObject(1, day);
        try {
          ps.execute();
        } catch (SQLException e) {
          if (!lostTheRace(e)) {
            throw e;
          }
          // Another worker created it meanwhile. The function's check after its advisory lock
          // can miss that commit (an advisory lock does not refresh the catalog snapshot); a new
          // transaction sees it, so the second call returns at its first check.
          ps.execute();
        }
        known.add(day);
      }
    }
  }

  /** "already exists": the table (42P07) or its row type (23505 on pg_type). */
  private static boolean lostTheRace(SQLException e) {
    return "42P07".equals(e.getSQLState()) || "23505".equals(e.getSQLState());
  }
}
