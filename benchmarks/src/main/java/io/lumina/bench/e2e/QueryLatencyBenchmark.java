package io.lumina.bench.e2e;

import io.lumina.bench.dataset.DatasetGenerator;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Query latency against the number of stored spans ({@code bench/run-query-benchmark.sh}): for each
 * size in {@code --sizes} (default 1000000,10000000) the dataset generator ({@link
 * DatasetGenerator}) fills the seven days before today, then the query API answers a fixed set of
 * queries {@code --repeat} times, each with a distinct {@code to} bound so its short-lived cache
 * never answers, while the span path ingests at a quarter of {@code --sustained} spans/s (the
 * worker's sustained rate measured by {@code bench/run-benchmark.sh}), the timed calls from {@code
 * --settle-seconds} (30) after that load starts. The worker's background quality scorer is switched
 * off (it would score every generated row while the queries are timed). Prints latency percentiles
 * per query and size and the query API's heap; writes {@code bench-results/query-<time>.json}.
 */
public final class QueryLatencyBenchmark {
  private QueryLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    EndToEndBenchmark.Options o = EndToEndBenchmark.Options.parse(args);
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path out = Path.of(o.get("out", "bench-results"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // --reuse-database=<name> times the queries again on a database an earlier run kept, without
    // generating (the worker's spans of that run stay in it)
    String reuse = o.get("reuse-database", "");
    TestDatabase db =
        reuse.isEmpty()
            ? TestDatabase.create(
                o.pgUrl(), o.pgUser(), o.pgPassword(), "lumina_qbench_" + stamp.replace("-", "_"))
            : TestDatabase.existing(o.pgUrl(), o.pgUser(), o.pgPassword(), reuse);
    // --keep-database=true leaves the data for EXPLAIN in psql afterwards
    boolean keep = !reuse.isEmpty() || Boolean.parseBoolean(o.get("keep-database", "false"));
    try (AutoCloseable dropped = keep ? () -> {} : db;
        PrivateNatsServer nats = PrivateNatsServer.startNew()) {
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
              "platform",
              platformJvm(o, out.resolve("logs").resolve("platform-gc-" + stamp + ".log")),
              launch,
              env,
              out.resolve("logs"))) {
        for (int port : List.of(workerPort, ingestPort, queryPort)) {
          platform.awaitHealthy(
              URI.create("http://127.0.0.1:" + port + "/actuator/health"), Duration.ofSeconds(240));
        }
        URI api = URI.create("http://127.0.0.1:" + queryPort);
        URI ingest = URI.create("http://127.0.0.1:" + ingestPort + "/v1/traces");
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, Object> heaps = new LinkedHashMap<>();
        Map<String, Object> callsBySize = new LinkedHashMap<>();
        Map<String, Object> startsBySize = new LinkedHashMap<>();
        // the worker keeps ingesting at a quarter of its sustained rate while queries are timed
        double background = o.integer("sustained", 4000) / 4.0;
        int settle = o.integer("settle-seconds", 30);
        int backgroundSeconds = o.integer("background-seconds", 180);
        if (settle < 0 || settle >= backgroundSeconds) {
          throw new IllegalArgumentException(
              "--settle-seconds must be at least 0 and less than --background-seconds ("
                  + backgroundSeconds
                  + "): the timed calls run while the background load does");
        }
        List<String> sizes =
            reuse.isEmpty() ? List.of(o.get("sizes", "1000000,10000000").split(",")) : List.of("");
        for (String size : sizes) {
          long stored;
          if (reuse.isEmpty()) {
            long target = Long.parseLong(size.trim());
            clearGenerated(db);
            EndToEndBenchmark.log("generating " + target + " spans");
            DatasetGenerator.Result generated =
                new DatasetGenerator(db.jdbcUrl(), db.user(), db.password())
                    .generate(
                        new DatasetGenerator.Options(
                            target,
                            7,
                            o.integer("parallel", 2),
                            18,
                            "default",
                            // the seven days before today: today's partition is the worker's
                            Instant.now().truncatedTo(ChronoUnit.DAYS).minusSeconds(1)));
            EndToEndBenchmark.log(
                String.format(
                    Locale.ROOT,
                    "generated %,d spans in %.1f s",
                    generated.spans(),
                    generated.seconds()));
            stored = generated.spans();
          } else {
            stored = estimatedSpans(db);
            EndToEndBenchmark.log(
                String.format(Locale.ROOT, "reusing %s: about %,d spans", reuse, stored));
          }
          LoadDriver.Settings load =
              new LoadDriver.Settings(
                  "seed",
                  background,
                  20,
                  4,
                  Duration.ofSeconds(backgroundSeconds),
                  0.25,
                  0,
                  0,
                  Duration.ZERO,
                  Duration.ZERO,
                  false);
          Thread ingesting =
              Thread.ofPlatform()
                  .name("background-ingest")
                  .start(
                      () -> {
                        try {
                          new LoadDriver(http, ingest, null).run(load);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
          // The span path's first seconds of load are not its steady state: its code compiles, and
          // the box runs near both cores where it settles at about half (docs/performance.md,
          // "Quiet-machine figures, 2026-12-07"). The queries' warm-up rounds run meanwhile.
          Instant timedFrom = Instant.now().plusSeconds(settle);
          EndToEndBenchmark.log(
              "measuring queries at "
                  + stored
                  + " spans, ingesting "
                  + background
                  + " spans/s; timed calls after "
                  + settle
                  + " s of it");
          Map<String, double[]> latencies = new LinkedHashMap<>();
          Map<String, double[]> calls = new LinkedHashMap<>();
          Map<String, Object> starts = new LinkedHashMap<>();
          measure(http, api, db, o.integer("repeat", 30), timedFrom)
              .forEach(
                  (query, timed) -> {
                    long[] nanos = timed.nanos();
                    starts.put(query, timed.startedAt());
                    latencies.put(
                        query,
                        new double[] {
                          Stats.percentileMillis(nanos, 50),
                          Stats.percentileMillis(nanos, 95),
                          Stats.percentileMillis(nanos, 99)
                        });
                    calls.put(query, Stats.millis(nanos));
                  });
          callsBySize.put(Long.toString(stored), calls);
          startsBySize.put(Long.toString(stored), starts);
          heaps.put(Long.toString(stored), heapMegabytes(http, api));
          ingesting.join();
          results.put(Long.toString(stored), latencies);
          printTable(stored, latencies);
          System.out.println("load average after the queries: " + Report.loadAverage());
          System.out.println(
              "query API heap after the queries (MB, used / max): "
                  + heaps.get(Long.toString(stored)));
        }
        Files.createDirectories(out);
        Path file = out.resolve("query-" + stamp + ".json");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "lumina-query-latency");
        doc.put("time", stamp);
        doc.put("cpu", Report.cpuModel());
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        doc.put("backgroundSpansPerSecond", background);
        doc.put("settleSeconds", settle);
        doc.put("queryApiHeapMbBySpansStored", heaps);
        doc.put("latencyMsBySpansStored", results);
        // every timed call in order, to tell a slow start from outliers spread through the calls
        doc.put("callsMsBySpansStored", callsBySize);
        // when each of those calls started (epoch ms), to set beside the GC and PostgreSQL logs
        doc.put("callStartsEpochMsBySpansStored", startsBySize);
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValue(file.toFile(), doc);
        EndToEndBenchmark.log("results written to " + file);
        if (keep) {
          EndToEndBenchmark.log("database kept: " + db.name() + " (drop it when done)");
        }
      }
    }
    System.exit(0);
  }

  /**
   * Removes what the generator wrote for a previous size: the span partitions of days before today
   * (the worker writes today's), their summaries, rollups and latency sketches.
   */
  private static void clearGenerated(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      List<String> old = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT partition_name FROM lumina_span_partitions() WHERE to_day <= current_date")) {
        while (rs.next()) {
          old.add(rs.getString(1));
        }
      }
      for (String partition : old) {
        s.execute("DROP TABLE " + partition);
      }
      s.execute("DELETE FROM traces WHERE start_time < current_date");
      s.execute("DELETE FROM span_rollups_hourly WHERE hour < current_date");
      s.execute("DELETE FROM span_latency_sketches_hourly WHERE hour < current_date");
    }
  }

  /**
   * The platform JVM's options: {@code --platform-jvm} (default {@code ./lumina start}'s), and a GC
   * log, to set the collector's pauses beside slow calls.
   */
  private static List<String> platformJvm(EndToEndBenchmark.Options o, Path gcLog) {
    List<String> options = new ArrayList<>(o.platformJvm());
    options.add("-Xlog:gc:file=" + gcLog + ":utctime,uptime");
    return options;
  }

  /** The planner's count of rows in the span partitions, for a reused database. */
  private static long estimatedSpans(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(sum(c.reltuples), 0)::bigint FROM pg_inherits i"
                    + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'spans'::regclass")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Used and maximum heap of the query API's JVM, from its metrics endpoint, in MB. */
  private static String heapMegabytes(HttpClient http, URI api) throws Exception {
    StringJoiner out = new StringJoiner(" / ");
    for (String metric : List.of("jvm.memory.used", "jvm.memory.max")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(api.resolve("/actuator/metrics/" + metric + "?tag=area:heap"))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return "n/a (HTTP " + r.statusCode() + ")";
      }
      double bytes =
          JsonMapper.builder()
              .build()
              .readTree(r.body())
              .get("measurements")
              .get(0)
              .get("value")
              .asDouble();
      out.add(String.format(Locale.ROOT, "%.0f", bytes / 1e6));
    }
    return out.toString();
  }

  /** A query's timed calls, in order: when each started (epoch ms) and how long it took (ns). */
  private record Timed(long[] startedAt, long[] nanos) {}

  /** Times each query {@code repeat} times, the first call not before {@code timedFrom}. */
  private static Map<String, Timed> measure(
      HttpClient http, URI api, TestDatabase db, int repeat, Instant timedFrom) throws Exception {
    List<String> traceIds = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT trace_id FROM traces ORDER BY random() LIMIT " + repeat)) {
      while (rs.next()) {
        traceIds.add(rs.getString(1));
      }
    }
    String largest;
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT trace_id FROM traces ORDER BY span_count DESC LIMIT 1")) {
      rs.next();
      largest = rs.getString(1);
    }
    Map<String, String> queries = new LinkedHashMap<>();
    String week = "from=" + Instant.now().minus(Duration.ofDays(8)).getEpochSecond();
    queries.put("traces: latest 50", "/api/traces?limit=50");
    queries.put("traces: service", "/api/traces?limit=50&service=support-bot");
    queries.put("traces: model=gpt-4o-mini", "/api/traces?limit=50&model=gpt-4o-mini");
    queries.put("traces: status=error", "/api/traces?limit=50&status=error");
    queries.put("traces: userId", "/api/traces?limit=50&userId=user-42");
    queries.put("traces: sessionId", "/api/traces?limit=50&sessionId=sess-42");
    queries.put(
        "traces: attr.deployment.environment.name=production",
        "/api/traces?limit=50&attr.deployment.environment.name=production");
    queries.put(
        "traces: attr.service.version (resource, 20%)",
        "/api/traces?limit=50&attr.service.version=1.2.0");
    queries.put(
        "traces: attr.tool.name (span attribute)",
        "/api/traces?limit=50&attr.tool.name=lookup_invoice");
    queries.put(
        "traces: attr.deployment.environment.name=staging (2%)",
        "/api/traces?limit=50&attr.deployment.environment.name=staging");
    queries.put("traces: q=refund (common word)", "/api/traces?limit=50&q=refund");
    queries.put("traces: q=ORD-448 (rare word)", "/api/traces?limit=50&q=ORD-448");
    queries.put("traces: sort=cost", "/api/traces?limit=50&sort=cost");
    queries.put("spans: model", "/api/spans?limit=50&model=claude-sonnet-4-5");
    queries.put("analytics: cost by model, 7d", "/api/analytics/cost?groupBy=model&" + week);
    queries.put(
        "analytics: tokens by service, 7d", "/api/analytics/tokens?groupBy=service&" + week);
    queries.put(
        "analytics: latency by service, 7d", "/api/analytics/latency?groupBy=service&" + week);
    queries.put(
        "analytics: latency by model, LLM calls, 7d",
        "/api/analytics/latency?groupBy=model&llmOnly=true&" + week);
    queries.put("trace detail: random trace", null);
    queries.put("trace detail: 2,000-span trace", "");
    Map<String, Timed> out = new LinkedHashMap<>();
    long to = Instant.now().getEpochSecond() + 3600;
    // Two rounds of every query, three calls each, before any is timed: the query API has served
    // nothing since it started, and its code paths run interpreted until the JIT compiles them.
    for (int round = 0; round < 2; round++) {
      for (Map.Entry<String, String> q : queries.entrySet()) {
        for (int i = 0; i < 3; i++) {
          http.send(
              HttpRequest.newBuilder(
                      api.resolve(
                          path(q.getValue(), i, to - 1000 - i - 10L * round, traceIds, largest)))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
        }
      }
    }
    Duration untilTimed = Duration.between(Instant.now(), timedFrom);
    if (untilTimed.isPositive()) {
      Thread.sleep(untilTimed);
    }
    for (Map.Entry<String, String> q : queries.entrySet()) {
      long[] nanos = new long[repeat];
      long[] startedAt = new long[repeat];
      int status = 0;
      for (int i = -3; i < repeat; i++) { // three unmeasured warm-up calls
        String path = path(q.getValue(), i, to + i + 10L * repeat * out.size(), traceIds, largest);
        long started = System.currentTimeMillis();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(api.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long took = System.nanoTime() - t0;
        status = r.statusCode();
        if (i >= 0) {
          nanos[i] = took;
          startedAt[i] = started;
        }
      }
      out.put(
          q.getKey() + (status == 200 ? "" : " [HTTP " + status + "]"),
          new Timed(startedAt, nanos));
    }
    return out;
  }

  /**
   * The request of call {@code i} of a query: {@code query} with its {@code to} bound (distinct per
   * call, so the query API's short-lived cache never answers), or for a trace detail ({@code null}:
   * a random trace, empty: the largest) the trace's page.
   */
  private static String path(String query, int i, long to, List<String> traceIds, String largest) {
    if (query == null) {
      return "/api/traces/" + traceIds.get(Math.floorMod(i, traceIds.size()));
    }
    if (query.isEmpty()) {
      return "/api/traces/" + largest;
    }
    return query + "&to=" + URLEncoder.encode(Long.toString(to), StandardCharsets.UTF_8);
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
