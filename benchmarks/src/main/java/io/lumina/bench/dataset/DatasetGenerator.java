package io.lumina.bench.dataset;

import io.lumina.storage.rollups.HourlyRollups;
import io.lumina.storage.rollups.LatencySketches;
import io.lumina.storage.rollups.TraceSummaries;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.flywaydb.core.Flyway;

/**
 * Fills a scratch database with generated spans in server-side SQL (docs/performance.md, "Dataset
 * generator"), then writes their trace summaries and hourly rollups with the storage module's own
 * statements ({@link TraceSummaries}, {@link HourlyRollups}), so both agree with the spans exactly.
 *
 * <p>Each day is written into a table of its own without indexes, given the indexes of {@code
 * spans} in bulk (much cheaper than maintaining them row by row), then attached as the day's
 * partition of {@code spans}. Days run on {@code parallel} connections at once, each day's
 * summaries, rollups and statistics as soon as its spans are in.
 *
 * <pre>
 * bench/generate-dataset.sh --spans=10000000 [--days=7] [--parallel=2] [--db=lumina_bench_dataset]
 * </pre>
 */
public final class DatasetGenerator {
  private static final DateTimeFormatter PARTITION = DateTimeFormatter.ofPattern("yyyyMMdd");

  /** What to generate; {@code end} is the exclusive end of the last day. */
  public record Options(
      long spans, int days, int parallel, long seed, String project, Instant end) {
    public Options {
      if (spans < 1 || days < 1 || parallel < 1) {
        throw new IllegalArgumentException("spans, days and parallel must be positive");
      }
    }
  }

  /** What was written. */
  public record Result(long spans, long traces, long rollupRows, double seconds) {}

  private final String url;
  private final String user;
  private final String password;

  public DatasetGenerator(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    String adminUrl = a.getOrDefault("admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String user = a.getOrDefault("user", "postgres");
    String password = a.getOrDefault("password", "");
    String db = a.getOrDefault("db", "lumina_bench_dataset");
    Options options =
        new Options(
            Long.parseLong(a.getOrDefault("spans", "200000").replace("_", "")),
            Integer.parseInt(a.getOrDefault("days", "7")),
            Integer.parseInt(a.getOrDefault("parallel", "2")),
            Long.parseLong(a.getOrDefault("seed", "18")),
            a.getOrDefault("project", "default"),
            Instant.now());
    String url = recreate(adminUrl, user, password, db);
    Result r = new DatasetGenerator(url, user, password).generate(options);
    System.out.printf(
        "generated %,d spans, %,d traces, %,d rollup rows in %s in %.1f s (%,.0f spans/s)%n",
        r.spans(), r.traces(), r.rollupRows(), db, r.seconds(), r.spans() / r.seconds());
  }

  /**
   * Drops and creates database {@code db} next to {@code adminUrl}'s and migrates it with the
   * storage module's Flyway scripts; returns its JDBC URL.
   */
  public static String recreate(String adminUrl, String user, String password, String db)
      throws SQLException {
    if (!db.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name must be lower-case letters, digits, _");
    }
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + db);
    }
    String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + db;
    Flyway.configure()
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return url;
  }

  /** Generates into the (migrated, empty) database. */
  public Result generate(Options o) throws Exception {
    long started = System.nanoTime();
    LocalDate lastDay = o.end().atOffset(ZoneOffset.UTC).toLocalDate();
    List<LocalDate> days = new ArrayList<>();
    for (int i = o.days() - 1; i >= 0; i--) {
      days.add(lastDay.minusDays(i));
    }
    // every day opens with a full-size agent run; the rest of the day's spans in average traces
    long tracesPerDay =
        1
            + Math.max(
                0,
                Math.round(
                    (o.spans() / (double) o.days() - DatasetSql.MAX_AGENT_SPANS)
                        / DatasetSql.MEAN_SPANS_PER_TRACE));
    double spacing = (86_400.0 - DatasetSql.DAY_MARGIN_SECONDS) / tracesPerDay;
    Instant received = o.end();

    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_texts");
      try (PreparedStatement ps = c.prepareStatement("SELECT setseed(?)")) {
        ps.setDouble(1, (o.seed() % 1000) / 1000.0);
        ps.execute();
      }
      s.execute(DatasetSql.CREATE_TEXTS);
      s.execute("ALTER TABLE bench_texts ADD PRIMARY KEY (id)");
    }
    List<String> traceIndexes = dropSecondaryIndexes("traces");

    // Each day is a chain (spans, then its summaries, rollups and sketches, then its statistics)
    // whose next step is queued when the previous one ends: with a first-in first-out queue the
    // derived steps of early days fill the connection the last day's spans leave idle, so seven
    // days on two connections cost about three and a half days' work, not four.
    ExecutorService pool = Executors.newFixedThreadPool(o.parallel());
    try {
      List<CompletableFuture<Void>> chains = new ArrayList<>();
      for (int i = 0; i < days.size(); i++) {
        LocalDate day = days.get(i);
        long first = i * tracesPerDay;
        String table = "spans_p" + PARTITION.format(day);
        chains.add(
            CompletableFuture.runAsync(
                    timed(
                        day,
                        "spans",
                        () -> writeDay(o, day, table, first, tracesPerDay, spacing, received)),
                    pool)
                .thenRunAsync(timed(day, "derived", () -> derive(o.project(), day)), pool)
                .thenRunAsync(timed(day, "analyzed", () -> analyze(table)), pool));
      }
      CompletableFuture.allOf(chains.toArray(CompletableFuture[]::new)).join();
      CompletableFuture.allOf(
              traceIndexes.stream()
                  .map(
                      definition ->
                          CompletableFuture.runAsync(
                              timed(
                                  "traces index " + definition.split(" ")[2],
                                  () -> execute("SET maintenance_work_mem = '256MB'", definition)),
                              pool))
                  .toArray(CompletableFuture[]::new))
          .join();
      // Statistics as autovacuum keeps them: per partition (above, computing the free-text
      // expression over each sample, the slow part) and for the other tables; none for the
      // partitioned parent, which autovacuum never analyzes.
      analyze("traces, span_rollups_hourly");
    } catch (CompletionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE bench_texts");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT (SELECT count(*) FROM spans), (SELECT count(*) FROM traces),"
                  + " (SELECT count(*) FROM span_rollups_hourly)")) {
        rs.next();
        return new Result(
            rs.getLong(1), rs.getLong(2), rs.getLong(3), (System.nanoTime() - started) / 1e9);
      }
    }
  }

  /**
   * Writes the day's spans into a table of its own, builds its indexes and attaches it as the day's
   * partition; or into {@code spans} when the day's partition already exists. One connection does
   * it all, the day's indexes one after the other: a task per index on the pool, tried so that the
   * last day's indexes would not leave connections idle, was slower (70 s instead of 50 to 55 at
   * 300,000 spans).
   */
  private void writeDay(
      Options o,
      LocalDate day,
      String table,
      long first,
      long count,
      double spacing,
      Instant received)
      throws SQLException {
    OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime to = from.plusDays(1);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("SET maintenance_work_mem = '256MB'");
      boolean exists;
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
        rs.next();
        exists = rs.getBoolean(1);
      }
      if (!exists) {
        // the CHECK matching the partition bound lets ATTACH skip its validation scan
        s.execute(
            "CREATE TABLE %s (LIKE spans INCLUDING DEFAULTS INCLUDING CONSTRAINTS,".formatted(table)
                + " CHECK (start_time >= '%s' AND start_time < '%s'))".formatted(from, to));
      }
      long inserting = System.nanoTime();
      try (PreparedStatement ps =
          c.prepareStatement(DatasetSql.insertDay(exists ? "spans" : table))) {
        ps.setLong(1, o.seed());
        ps.setLong(2, first);
        ps.setLong(3, count);
        ps.setObject(4, from);
        ps.setDouble(5, spacing);
        ps.setString(6, o.project());
        ps.setObject(7, received.atOffset(ZoneOffset.UTC));
        ps.executeUpdate();
      }
      System.out.printf(
          "%s spans inserted in %.1f s%n", day, (System.nanoTime() - inserting) / 1e9);
      if (!exists) {
        long indexing = System.nanoTime();
        for (String statement : partitionIndexes(c, table)) {
          s.execute(statement);
        }
        System.out.printf(
            "%s indexes built in %.1f s%n", day, (System.nanoTime() - indexing) / 1e9);
        s.execute(
            "ALTER TABLE spans ATTACH PARTITION %s FOR VALUES FROM ('%s') TO ('%s')"
                .formatted(table, from, to));
      }
    }
  }

  /**
   * The statements that give {@code table} every index of {@code spans}, from the catalog's own
   * definitions. Built on the table before it is attached, the indexes of several days build at
   * once: {@code ATTACH PARTITION} builds missing indexes while it holds a lock on {@code spans}
   * that the next day's attach waits for, so the days' index builds, most of the time taken, ran
   * one at a time. Attach then adopts these indexes (same definitions) and builds nothing.
   */
  private static List<String> partitionIndexes(Connection c, String table) throws SQLException {
    List<String> statements = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
                SELECT pg_get_indexdef(i.indexrelid), i.indisprimary,
                       pg_get_constraintdef(k.oid)
                FROM pg_index i
                LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.contype = 'p'
                WHERE i.indrelid = 'spans'::regclass
                ORDER BY i.indexrelid""")) {
      while (rs.next()) {
        if (rs.getBoolean(2)) {
          // a primary key is adopted only by an index that backs a primary key
          statements.add("ALTER TABLE %s ADD %s".formatted(table, rs.getString(3)));
        } else {
          String definition = rs.getString(1);
          String rewritten =
              definition.replaceFirst(
                  "^CREATE (UNIQUE )?INDEX \\S+ ON ONLY public\\.spans ",
                  "CREATE $1INDEX ON public." + table + " ");
          if (rewritten.equals(definition)) {
            throw new IllegalStateException("unexpected index definition: " + definition);
          }
          statements.add(rewritten);
        }
      }
    }
    return statements;
  }

  private void derive(String project, LocalDate day) throws SQLException {
    OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
    try (Connection c = connect()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              TraceSummaries.mergeSpansOf(
                  "(SELECT %s FROM spans WHERE project_id = ? AND start_time >= ? AND start_time < ?) d"
                      .formatted(TraceSummaries.SPAN_COLUMNS)))) {
        ps.setString(1, project);
        ps.setObject(2, from);
        ps.setObject(3, from.plusDays(1));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(HourlyRollups.INSERT_STORED)) {
        ps.setString(1, project);
        ps.setObject(2, from);
        ps.setObject(3, from.plusDays(1));
        ps.executeUpdate();
      }
      // the latency sketches in one streamed pass over the day, as the backfill migration does
      LatencySketches.rebuild(c, from.toInstant(), from.plusDays(1).toInstant());
    }
  }

  /**
   * Drops {@code table}'s indexes other than its unique ones (the summary merge's {@code ON
   * CONFLICT} needs the primary key) and returns their definitions, to be built in bulk once every
   * day is written: maintaining them row by row made the summaries of a 10M day take minutes, most
   * of it in random index inserts.
   */
  private List<String> dropSecondaryIndexes(String table) throws SQLException {
    List<String> definitions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
                  + " WHERE indrelid = '%s'::regclass AND NOT indisunique".formatted(table))) {
        while (rs.next()) {
          names.add(rs.getString(1));
          definitions.add(rs.getString(2));
        }
      }
      for (String name : names) {
        s.execute("DROP INDEX " + name);
      }
    }
    return definitions;
  }

  private void execute(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private void analyze(String tables) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("ANALYZE " + tables);
    }
  }

  /** A step of one day's chain that prints how long it took when it ends. */
  private Runnable timed(LocalDate day, String step, SqlStep work) {
    return timed(day + " " + step, work);
  }

  private Runnable timed(String step, SqlStep work) {
    return () -> {
      long started = System.nanoTime();
      try {
        work.run();
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
      System.out.printf("%s in %.1f s%n", step, (System.nanoTime() - started) / 1e9);
    };
  }

  @FunctionalInterface
  private interface SqlStep {
    void run() throws SQLException;
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, user, password);
    try (Statement s = c.createStatement()) {
      // a scratch database: losing the last commits on a crash only means generating again
      s.execute("SET synchronous_commit = off");
      s.execute("SET work_mem = '64MB'");
    }
    return c;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected --name=value: " + arg);
      }
      int eq = arg.indexOf('=');
      out.put(
          eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
    }
    return out;
  }
}
