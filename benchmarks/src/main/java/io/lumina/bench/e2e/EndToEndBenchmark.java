package io.lumina.bench.e2e;

import io.lumina.testing.PrivateNatsServer;
import io.lumina.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end benchmark ({@code bench/run-benchmark.sh}): starts the all-in-one platform jar in
 * a JVM of its own against a private nats-server and a scratch database on the local PostgreSQL,
 * then
 *
 * <ol>
 *   <li>warm-up: unpaced load, drained; its stored rows feed the ceiling;
 *   <li>ceiling: the same rows loaded by one plain COPY into a fresh database of the same schema;
 *   <li>saturation: unpaced load; the spans stored per second is the end-to-end maximum;
 *   <li>paced phases at fractions of that maximum, and at half the ceiling when that is
 *       sustainable, for latency at a load the system can carry.
 * </ol>
 *
 * {@code --rates=a,b} adds paced phases at those absolute span rates. Prints a table and writes
 * {@code bench-results/e2e-<time>.json}. Every setting is a {@code --key=value} argument (see
 * {@link Options}); {@code --set.<spring.key>=v} passes {@code --<spring.key>=v} to the platform.
 */
public final class EndToEndBenchmark {
  private final Options o;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private Map<String, LongPredicate> cpuGroups;

  private EndToEndBenchmark(Options o) {
    this.o = o;
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    new EndToEndBenchmark(o).run();
    System.exit(0); // HttpClient selector threads and the probe pool must not keep the JVM alive
  }

  private void run() throws Exception {
    String stamp =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    Path out = Path.of(o.get("out", "bench-results"));
    Path logs = out.resolve("logs");
    String dbName = "lumina_bench_" + stamp.replace("-", "_");
    log("private nats-server, scratch database " + dbName);
    try (PrivateNatsServer nats = PrivateNatsServer.startNew();
        TestDatabase db = TestDatabase.create(o.pgUrl(), o.pgUser(), o.pgPassword(), dbName);
        TestDatabase ceilingDb =
            TestDatabase.create(o.pgUrl(), o.pgUser(), o.pgPassword(), dbName + "_ceiling")
                .migrate()) {
      int ingestPort = ChildJvm.freePort();
      int queryPort = ChildJvm.freePort();
      int workerPort = ChildJvm.freePort();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("LUMINA_DB_URL", db.jdbcUrl());
      env.put("LUMINA_DB_USER", db.user());
      env.put("LUMINA_DB_PASSWORD", db.password());
      env.put("LUMINA_NATS_URL", nats.url());
      env.put("LUMINA_INGESTION_PORT", Integer.toString(ingestPort));
      env.put("LUMINA_OTLP_PORT", "-1");
      env.put("LUMINA_OTLP_GRPC_PORT", "-1");
      env.put("LUMINA_QUERY_PORT", Integer.toString(queryPort));
      env.put("LUMINA_WORKER_PORT", Integer.toString(workerPort));
      env.put("LUMINA_QUERY_API_URL", "http://127.0.0.1:" + queryPort);
      env.put("DAILY_TRACE_LIMIT", "0");
      env.put("LUMINA_HOME", Files.createTempDirectory("lumina-bench-home").toString());
      int replayPort = ChildJvm.freePort();
      int dashboardPort = ChildJvm.freePort();
      env.put("LUMINA_REPLAY_PORT", Integer.toString(replayPort));
      env.put("LUMINA_DASHBOARD_PORT", Integer.toString(dashboardPort));
      boolean jar = o.get("target", "classpath").equals("jar");
      List<String> launch = new ArrayList<>();
      if (jar) {
        launch.addAll(
            List.of(
                "-jar",
                o.get("jar", "platform/target/lumina-platform.jar"),
                // As arguments too: with LUMINA_DB_URL set, LuminaPlatform passes no datasource to
                // the
                // dashboard context, which then fails to start (reported in docs/performance.md).
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password()));
      } else {
        launch.addAll(
            List.of(
                "-cp", System.getProperty("java.class.path"), SpanPathPlatform.class.getName()));
      }
      launch.addAll(o.platformArgs());
      log(
          "starting the platform ("
              + (jar ? "platform jar" : "span path from the module classpath")
              + "), logs in "
              + logs);
      try (ChildJvm platform = ChildJvm.start("platform", o.platformJvm(), launch, env, logs)) {
        List<Integer> ports = new ArrayList<>(List.of(workerPort, ingestPort, queryPort));
        if (jar) {
          ports.addAll(
              List.of(replayPort, dashboardPort)); // started last: wait until the JVM is quiet
        }
        for (int port : ports) {
          platform.awaitHealthy(
              URI.create("http://127.0.0.1:" + port + "/actuator/health"), Duration.ofSeconds(240));
        }
        cpuGroups = new LinkedHashMap<>();
        cpuGroups.put("platform", CpuSampler.pid(platform.pid()));
        cpuGroups.put("nats", CpuSampler.commandLine("-p " + nats.port() + " "));
        cpuGroups.put("postgres", CpuSampler.command("postgres"));
        cpuGroups.put("loadgen", CpuSampler.pid(ProcessHandle.current().pid()));
        LoadDriver driver =
            new LoadDriver(
                http,
                URI.create("http://127.0.0.1:" + ingestPort + "/v1/traces"),
                URI.create("http://127.0.0.1:" + queryPort));

        List<PhaseReport> phases = new ArrayList<>();
        String loadAverageAtStart = Report.loadAverage();
        // What the platform burns with no load at all (consumer fetch loops, lag monitor, pools),
        // so the
        // per-span cost of the phases can be read net of it.
        Map<String, Double> idle0 = CpuSampler.snapshot(cpuGroups);
        Thread.sleep(Duration.ofSeconds(o.integer("idle", 5)));
        Map<String, Double> idleCores =
            CpuSampler.cores(idle0, CpuSampler.snapshot(cpuGroups), o.integer("idle", 5));
        log("idle: " + idleCores);
        PhaseReport warmup =
            phase(driver, db, "warmup", 0, o.seconds("warmup", 10), o.seconds("drain", 90));
        log(
            "ceiling: COPY of the "
                + warmup.storedAtEnd()
                + " warm-up rows into "
                + ceilingDb.name());
        CopyCeiling.Result ceiling =
            CopyCeiling.measure(
                db,
                StoreProbe.where("warmup"),
                ceilingDb,
                o.integer("rounds", 3),
                o.integer("ceiling-rows", 50000));
        log(
            String.format(
                Locale.ROOT,
                "ceiling: %.0f spans/s (%d rows, %.1f MB)",
                ceiling.spansPerSecond(),
                ceiling.rows(),
                ceiling.bytes() / 1e6));
        PhaseReport saturation =
            phase(driver, db, "saturation", 0, o.seconds("saturation", 60), o.seconds("drain", 90));
        phases.add(saturation);
        double max = saturation.persistedPerSecond();
        double halfCeiling = ceiling.spansPerSecond() / 2;
        if (halfCeiling <= max) {
          phases.add(
              phase(
                  driver,
                  db,
                  "halfceiling",
                  halfCeiling,
                  o.seconds("paced", 20),
                  o.seconds("drain", 90)));
        } else {
          log(
              String.format(
                  Locale.ROOT,
                  "half the ceiling (%.0f spans/s) is above what the path sustains (%.0f): "
                      + "paced phases run at fractions of the sustained rate instead",
                  halfCeiling,
                  max));
        }
        for (String level : o.get("levels", "0.25,0.5").split(",")) {
          double f = Double.parseDouble(level.trim());
          phases.add(
              phase(
                  driver,
                  db,
                  "paced" + Math.round(f * 100),
                  f * max,
                  o.seconds("paced", 20),
                  o.seconds("drain", 90)));
        }
        for (String rate : o.get("rates", "").split(",")) {
          if (!rate.isBlank()) {
            double r = Double.parseDouble(rate.trim());
            phases.add(
                phase(
                    driver,
                    db,
                    "rate" + Math.round(r),
                    r,
                    o.seconds("paced", 20),
                    o.seconds("drain", 90)));
          }
        }
        Report report =
            new Report(
                stamp,
                o,
                ceiling,
                warmup,
                phases,
                loadAverageAtStart,
                Report.loadAverage(),
                idleCores);
        System.out.println(report.table());
        Files.createDirectories(out);
        Path file = out.resolve("e2e-" + stamp + ".json");
        JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build()
            .writeValue(file.toFile(), report.toMap());
        log("results written to " + file);
      }
    }
  }

  /** One load phase: load, then wait until every accepted span is stored (or the drain timeout). */
  private PhaseReport phase(
      LoadDriver driver,
      TestDatabase db,
      String name,
      double rate,
      Duration duration,
      Duration drainTimeout)
      throws Exception {
    log(
        String.format(
            Locale.ROOT,
            "phase %s: %s for %ds",
            name,
            rate > 0 ? String.format(Locale.ROOT, "%.0f spans/s", rate) : "unpaced",
            duration.toSeconds()));
    LoadDriver.Settings settings =
        new LoadDriver.Settings(
            name,
            rate,
            o.integer("spans-per-request", 20),
            o.integer("concurrency", rate > 0 ? 32 : 8),
            duration,
            o.decimal("json-share", 0.25),
            o.integer("retries", 5),
            o.decimal("probes-per-second", 1),
            Duration.ofMillis(o.integer("probe-interval-ms", 25)),
            Duration.ofSeconds(30),
            false);
    try (StoreProbe store = new StoreProbe(db, name)) {
      long storedBefore = store.stored();
      Map<String, Double> cpu0 = CpuSampler.snapshot(cpuGroups);
      long t0 = System.nanoTime();
      // Count what was stored the moment the load ended, while the probes may still be polling.
      long[] atLoadEnd = new long[1];
      double[] loadSeconds = new double[1];
      Map<String, Double>[] cpu1 = new Map[1];
      Thread watcher =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Thread.sleep(duration);
                      cpu1[0] = CpuSampler.snapshot(cpuGroups);
                      loadSeconds[0] = (System.nanoTime() - t0) / 1e9;
                      atLoadEnd[0] = store.stored();
                    } catch (Exception e) {
                      atLoadEnd[0] = -1;
                    }
                  });
      LoadDriver.Result load = driver.run(settings);
      watcher.join();
      long loadEnd = t0 + duration.toNanos();
      long stored = store.stored();
      long deadline = System.nanoTime() + drainTimeout.toNanos();
      while (stored < load.acceptedSpans() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        stored = store.stored();
      }
      long done = System.nanoTime();
      boolean drained = stored >= load.acceptedSpans();
      double drainSeconds = drained ? Math.max(0, (done - loadEnd) / 1e9) : Double.NaN;
      double persisted = (atLoadEnd[0] - storedBefore) / loadSeconds[0];
      double endToEnd = drained ? load.acceptedSpans() / ((done - t0) / 1e9) : Double.NaN;
      PhaseReport r =
          new PhaseReport(
              name,
              rate,
              load,
              persisted,
              endToEnd,
              drainSeconds,
              stored,
              store.receivedToStoredMillis(),
              CpuSampler.cores(cpu0, cpu1[0], loadSeconds[0]));
      log(
          String.format(
              Locale.ROOT,
              "  accepted %.0f/s, stored %.0f/s during load, drained %s, request p99 %.1f ms,"
                  + " queryable p99 %.0f ms, statuses %s, connection errors %d",
              r.acceptedPerSecond(),
              persisted,
              drained
                  ? String.format(Locale.ROOT, "in %.1fs", drainSeconds)
                  : "NOT within " + drainTimeout,
              r.latency(99),
              r.queryable(99),
              load.statuses(),
              load.connectionErrors()));
      return r;
    }
  }

  static void log(String message) {
    System.err.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
  }

  /** {@code --key=value} arguments. */
  record Options(Map<String, String> values, List<String> platformArgs) {
    static Options parse(String[] args) {
      Map<String, String> values = new LinkedHashMap<>();
      List<String> platform = new ArrayList<>();
      for (String a : args) {
        if (!a.startsWith("--") || !a.contains("=")) {
          throw new IllegalArgumentException("arguments are --key=value, got " + a);
        }
        String key = a.substring(2, a.indexOf('='));
        String value = a.substring(a.indexOf('=') + 1);
        if (key.startsWith("set.")) {
          platform.add("--" + key.substring(4) + "=" + value);
        } else {
          values.put(key, value);
        }
      }
      return new Options(values, platform);
    }

    String get(String key, String fallback) {
      return values.getOrDefault(key, fallback);
    }

    /** The platform JVM's options: {@code --platform-jvm}, by default {@code ./lumina start}'s. */
    List<String> platformJvm() {
      return List.of(get("platform-jvm", "-Xms256m -Xmx2g").split(" "));
    }

    int integer(String key, int fallback) {
      return Integer.parseInt(get(key, Integer.toString(fallback)));
    }

    double decimal(String key, double fallback) {
      return Double.parseDouble(get(key, Double.toString(fallback)));
    }

    Duration seconds(String key, int fallback) {
      return Duration.ofSeconds(integer(key, fallback));
    }

    String pgUrl() {
      return get("pg-url", env("LUMINA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"));
    }

    String pgUser() {
      return get("pg-user", env("LUMINA_BENCH_PG_USER", "postgres"));
    }

    String pgPassword() {
      return get("pg-password", env("LUMINA_BENCH_PG_PASSWORD", ""));
    }

    private static String env(String name, String fallback) {
      String v = System.getenv(name);
      return v == null || v.isBlank() ? fallback : v;
    }
  }
}
