package io.lumina.bench.e2e;

import io.lumina.testing.PrivateNatsServer;
import io.lumina.testing.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Query latency against the number of stored spans ({@code bench/run-query-benchmark.sh}): the span
 * path stores a seed of generated traffic (so rows are exactly what the worker writes), the seed's
 * spans and trace summaries are then cloned in SQL under new trace ids and earlier times up to each
 * size in {@code --sizes} (default 100000,1000000), and at each size the query API answers a fixed
 * set of queries {@code --repeat} times, each with a distinct {@code to} bound so its short-lived
 * cache never answers. The worker's background quality scorer is switched off (it would score every
 * cloned row while the queries are timed). Prints latency percentiles per query and size; writes
 * {@code bench-results/query-<time>.json}.
 */
public final class QueryLatencyBenchmark {
  private static final List<String> TIME_SHIFTED_NANOS =
      List.of(
          "start_time_unix_nano",
          "end_time_unix_nano",
          "start_unix_nano",
          "end_unix_nano",
          "root_start_unix_nano");
  private static final List<String> TIME_SHIFTED = List.of("start_time", "end_time");

  private QueryLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    EndToEndBenchmark.Options o = EndToEndBenchmark.Options.parse(args);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path out = Path.of(o.get("out", "bench-results"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (PrivateNatsServer nats = PrivateNatsServer.startNew();
        TestDatabase db =
            TestDatabase.create(
                o.pgUrl(),
                o.pgUser(),
                o.pgPassword(),
                "lumina_qbench_" + stamp.replace("-", "_"))) {
      int ingestPort = ChildJvm.freePort();
      int queryPort = ChildJvm.freePort();
      int workerPort = ChildJvm.freePort();
      Map<String, String> env =
          Map.of(
              "LUMINA_DB_URL",
              db.jdbcUrl(),
              "LUMINA_DB_USER",
              db.user(),
              "LUMINA_DB_PASSWORD",
              db.password(),
              "LUMINA_NATS_URL",
              nats.url(),
              "LUMINA_INGESTION_PORT",
              Integer.toString(ingestPort),
              "LUMINA_OTLP_PORT",
              "-1",
              "LUMINA_OTLP_GRPC_PORT",
              "-1",
              "LUMINA_QUERY_PORT",
              Integer.toString(queryPort),
              "LUMINA_WORKER_PORT",
              Integer.toString(workerPort),
              "DAILY_TRACE_LIMIT",
              "0");
      List<String> launch =
          new ArrayList<>(
              List.of(
                  "-cp", System.getProperty("java.class.path"), SpanPathPlatform.class.getName()));
      // The worker's quality scorer reads stored spans in the background; on cloned rows it would
      // keep
      // the box busy during the measurement. Off unless asked for
      // (--set.lumina.quality.enabled=true).
      if (o.platformArgs().stream().noneMatch(a -> a.startsWith("--lumina.quality.enabled="))) {
        launch.add("--lumina.quality.enabled=false");
      }
      launch.addAll(o.platformArgs());
      EndToEndBenchmark.log("starting the span path");
      try (ChildJvm platform =
          ChildJvm.start(
              "platform", List.of("-Xms256m", "-Xmx2g"), launch, env, out.resolve("logs"))) {
        for (int port : List.of(workerPort, ingestPort, queryPort)) {
          platform.awaitHealthy(
              URI.create("http://127.0.0.1:" + port + "/actuator/health"), Duration.ofSeconds(240));
        }
        LoadDriver.Settings seed =
            new LoadDriver.Settings(
                "seed",
                0,
                20,
                8,
                Duration.ofSeconds(o.integer("seed", 20)),
                0.25,
                0,
                0,
                Duration.ZERO,
                Duration.ZERO,
                false);
        EndToEndBenchmark.log(
            "seeding through the span path for " + seed.duration().toSeconds() + "s");
        LoadDriver.Result r =
            new LoadDriver(http, URI.create("http://127.0.0.1:" + ingestPort + "/v1/traces"), null)
                .run(seed);
        long seedSpans;
        try (StoreProbe store = new StoreProbe(db, "seed")) {
          long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
          while (store.stored() < r.acceptedSpans() && System.nanoTime() < deadline) {
            Thread.sleep(200);
          }
          seedSpans = store.stored();
        }
        EndToEndBenchmark.log("seed stored: " + seedSpans + " spans");
        URI api = URI.create("http://127.0.0.1:" + queryPort);
        Map<String, Object> results = new LinkedHashMap<>();
        int copies = 0;
        for (String size : o.get("sizes", "100000,1000000").split(",")) {
          long target = Long.parseLong(size.trim());
          long stored = countSpans(db);
          while (stored < target) {
            copies++;
            clone(db, copies);
            stored = countSpans(db);
            if (copies % 10 == 0) {
              EndToEndBenchmark.log("  " + stored + " spans stored");
            }
          }
          analyze(db);
          EndToEndBenchmark.log("measuring queries at " + stored + " spans");
          Map<String, double[]> latencies = measure(http, api, db, o.integer("repeat", 30));
          results.put(Long.toString(stored), latencies);
          printTable(stored, latencies);
        }
        Files.createDirectories(out);
        Path file = out.resolve("query-" + stamp + ".json");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "lumina-query-latency");
        doc.put("time", stamp);
        doc.put("cpu", Report.cpuModel());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("seedSpans", seedSpans);
        doc.put("latencyMsBySpansStored", results);
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValue(file.toFile(), doc);
        EndToEndBenchmark.log("results written to " + file);
      }
    }
    System.exit(0);
  }

  /**
   * Adds a copy of the seed's spans and trace summaries under new trace ids, {@code copy} seconds
   * earlier. The seed is first set aside in tables of its own, so copies are never copied again.
   */
  private static void clone(TestDatabase db, int copy) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      if (copy == 1) {
        s.execute("CREATE TABLE bench_seed_spans AS SELECT * FROM spans");
        s.execute("CREATE TABLE bench_seed_traces AS SELECT * FROM traces");
        s.execute("SELECT lumina_ensure_span_partition(current_date - 1)");
      }
      for (String table : List.of("spans", "traces")) {
        List<String> columns = new ArrayList<>();
        try (ResultSet rs =
            s.executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                    + " 'public' AND table_name = '"
                    + table
                    + "' ORDER BY ordinal_position")) {
          while (rs.next()) {
            columns.add(rs.getString(1));
          }
        }
        StringJoiner select = new StringJoiner(", ");
        for (String col : columns) {
          if (col.equals("trace_id")) {
            select.add("md5(trace_id || '-" + copy + "')");
          } else if (TIME_SHIFTED.contains(col)) {
            select.add(col + " - interval '" + copy + " seconds'");
          } else if (TIME_SHIFTED_NANOS.contains(col)) {
            select.add(col + " - " + copy + "000000000::bigint");
          } else {
            select.add(col);
          }
        }
        s.execute(
            "INSERT INTO "
                + table
                + " ("
                + String.join(", ", columns)
                + ") SELECT "
                + select
                + " FROM bench_seed_"
                + table);
      }
    }
  }

  private static long countSpans(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM spans")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void analyze(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE spans");
      s.execute("VACUUM ANALYZE traces");
    }
  }

  private static Map<String, double[]> measure(
      HttpClient http, URI api, TestDatabase db, int repeat) throws Exception {
    List<String> traceIds = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT trace_id FROM traces ORDER BY random() LIMIT " + repeat)) {
      while (rs.next()) {
        traceIds.add(rs.getString(1));
      }
    }
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("traces: latest 50", "/api/traces?limit=50");
    queries.put("traces: model=gpt-4o-mini", "/api/traces?limit=50&model=gpt-4o-mini");
    queries.put("traces: service", "/api/traces?limit=50&service=seed-chat-api");
    queries.put("traces: status=error", "/api/traces?limit=50&status=error");
    queries.put("traces: userId", "/api/traces?limit=50&userId=user-42");
    queries.put(
        "traces: attr.deployment.environment",
        "/api/traces?limit=50&attr.deployment.environment=production");
    queries.put("traces: q=refund (free text)", "/api/traces?limit=50&q=refund");
    queries.put("traces: sort=cost", "/api/traces?limit=50&sort=cost");
    queries.put("spans: model", "/api/spans?limit=50&model=claude-sonnet-4-5");
    queries.put("analytics: cost by model", "/api/analytics/cost?groupBy=model");
    queries.put("trace detail", null);
    Map<String, double[]> out = new LinkedHashMap<>();
    long to = Instant.now().getEpochSecond() + 3600;
    for (Map.Entry<String, String> q : queries.entrySet()) {
      long[] nanos = new long[repeat];
      int status = 0;
      for (int i = -3; i < repeat; i++) { // three unmeasured warm-up calls
        String path =
            q.getValue() == null
                ? "/api/traces/" + traceIds.get(Math.floorMod(i, traceIds.size()))
                : q.getValue()
                    + "&to="
                    + URLEncoder.encode(
                        Long.toString(to + i + 10L * repeat * out.size()), StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(api.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - t0;
        status = r.statusCode();
        if (i >= 0) {
          nanos[i] = took;
        }
      }
      out.put(
          q.getKey() + (status == 200 ? "" : " [HTTP " + status + "]"),
          new double[] {
            Stats.percentileMillis(nanos, 50),
            Stats.percentileMillis(nanos, 95),
            Stats.percentileMillis(nanos, 99)
          });
    }
    return out;
  }

  private static void printTable(long spans, Map<String, double[]> latencies) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nquery latency at %,d stored spans (ms)%n" + "%-45s %8s %8s %8s%n",
                spans,
                "query",
                "p50",
                "p95",
                "p99"));
    latencies.forEach(
        (k, v) ->
            sb.append(
                String.format(Locale.ROOT, "%-45s %8.1f %8.1f %8.1f%n", k, v[0], v[1], v[2])));
    System.out.println(sb);
  }
}
