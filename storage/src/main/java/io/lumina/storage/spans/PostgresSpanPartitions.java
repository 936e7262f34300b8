package io.lumina.storage.spans;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
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
  // partitions this process analyzed that still show no statistics (PostgreSQL only warns when the
  // user does not own the table; another replica may hold it): not tried again while they stay so
  private final Set<String> analyzeTried = ConcurrentHashMap.newKeySet();

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

  /**
   * One ANALYZE per partition found, as soon as the day has some rows: a day's distributions (one
   * project's share, the words and attributes of its spans) change little as it fills, and the
   * planner scales the row counts by the partition's current size, so the first statistics serve
   * the whole day and autovacuum, where it runs, refreshes them. {@code SKIP_LOCKED}: a partition
   * another replica is analyzing is left to it.
   */
  @Override
  public List<String> analyzeNew(long minRows) {
    List<String> candidates =
        jdbc.queryForList(
            """
            SELECT quote_ident(p.partition_name)
            FROM lumina_span_partitions() p
            JOIN pg_stat_user_tables st ON st.relid = to_regclass(quote_ident(p.partition_name))
            WHERE st.last_analyze IS NULL AND st.last_autoanalyze IS NULL
              AND st.n_mod_since_analyze >= ?""",
            String.class,
            minRows);
    analyzeTried.retainAll(candidates);
    List<String> analyzed =
        candidates.stream().filter(name -> !analyzeTried.contains(name)).toList();
    for (String name : analyzed) {
      // an identifier from the catalog, quoted by the database
      jdbc.execute("ANALYZE (SKIP_LOCKED) " + name);
      analyzeTried.add(name);
    }
    return analyzed;
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
