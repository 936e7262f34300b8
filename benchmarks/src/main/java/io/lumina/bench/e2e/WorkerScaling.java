package io.lumina.bench.e2e;

import io.lumina.testing.PrivateNatsServer;
import io.lumina.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * How the worker scales with processes ({@code bench/run-worker-scaling.sh}): for each worker count
 * (1, 2, 4 by default) a fresh scratch database and a private nats-server; ingestion fills the
 * stream with a backlog while no worker runs and is then stopped, so it takes no CPU; then that
 * many worker processes start together on the one durable consumer and drain the backlog. The rate
 * is measured between 10% and 90% of the backlog stored (JVM start-up and the tail excluded) and
 * put against the COPY ceiling of the same run, with the CPU each group used while draining, which
 * says where the limit is.
 *
 * <p>Arguments {@code --key=value}: {@code workers} (1,2,4), {@code backlog} spans (150000), {@code
 * worker-jvm} ("-Xms256m -Xmx512m"), {@code out} (bench-results). The database server is {@code
 * LUMINA_BENCH_PG_URL} as for the other benchmarks.
 */
public final class WorkerScaling {
  private final Map<String, String> options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private WorkerScaling(Map<String, String> options) {
    this.options = options;
  }

  record Row(
      int workers,
      long backlog,
      double spansPerSecond,
      double drainSeconds,
      Map<String, Double> cores) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args);
    new WorkerScaling(options).run();
  }

  private void run() throws Exception {
    String pgUrl =
        System.getenv()
            .getOrDefault("LUMINA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String pgUser = System.getenv().getOrDefault("LUMINA_BENCH_PG_USER", "postgres");
    String pgPassword = System.getenv().getOrDefault("LUMINA_BENCH_PG_PASSWORD", "");
    Path logs = Path.of(options.getOrDefault("out", "bench-results")).resolve("logs");
    long backlog = Long.parseLong(options.getOrDefault("backlog", "150000"));
    List<Integer> counts =
        java.util.Arrays.stream(options.getOrDefault("workers", "1,2,4").split(","))
            .map(String::trim)
            .map(Integer::parseInt)
            .toList();
    String load = loadAverage();
    List<Row> rows = new ArrayList<>();
    CopyCeiling.Result ceiling = null;
    String stamp = Long.toString(System.currentTimeMillis());
    for (int k : counts) {
      String name = "lumina_wscale_" + stamp + "_" + k;
      try (PrivateNatsServer nats = PrivateNatsServer.startNew();
          TestDatabase db = TestDatabase.create(pgUrl, pgUser, pgPassword, name).migrate()) {
        long filled = fill(db, nats, logs, backlog);
        rows.add(drain(db, nats, logs, k, filled));
        if (ceiling == null) {
          try (TestDatabase target =
              TestDatabase.create(pgUrl, pgUser, pgPassword, name + "_ceiling").migrate()) {
            log("COPY ceiling from the stored rows");
            ceiling = CopyCeiling.measure(db, "true", target, 3, 50_000);
          }
        }
      }
    }
    System.out.println(table(rows, ceiling, load, loadAverage()));
  }

  /** Ingestion alone fills the stream; returns the spans acknowledged. */
  private long fill(TestDatabase db, PrivateNatsServer nats, Path logs, long backlog)
      throws Exception {
    int port = ChildJvm.freePort();
    List<String> args = new ArrayList<>(common(db, nats));
    args.addAll(
        List.of(
            "--server.port=" + port,
            "--lumina.ingestion.otlp-port=-1",
            "--lumina.ingestion.grpc-port=-1",
            "--lumina.ingestion.daily-trace-limit=0"));
    try (ChildJvm ingestion =
        ChildJvm.start(
            "scaling-ingestion",
            List.of("-Xms256m", "-Xmx1g"),
            launch("io.lumina.ingestion.IngestionApplication", args),
            Map.of(),
            logs)) {
      ingestion.awaitHealthy(
          URI.create("http://127.0.0.1:" + port + "/actuator/health"), Duration.ofSeconds(240));
      long acked = 0;
      LoadDriver driver =
          new LoadDriver(http, URI.create("http://127.0.0.1:" + port + "/v1/traces"), null);
      while (acked < backlog) {
        LoadDriver.Result r =
            driver.run(
                new LoadDriver.Settings(
                    "wscale",
                    0,
                    20,
                    8,
                    Duration.ofSeconds(5),
                    0.25,
                    8,
                    0,
                    Duration.ZERO,
                    Duration.ZERO,
                    false));
        acked += r.acceptedSpans();
      }
      log("backlog of " + acked + " spans in the stream; ingestion stopped");
      ingestion.terminate(Duration.ofSeconds(20));
      return acked;
    }
  }

  private Row drain(TestDatabase db, PrivateNatsServer nats, Path logs, int k, long backlog)
      throws Exception {
    List<ChildJvm> workers = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    try {
      for (int i = 0; i < k; i++) {
        int port = ChildJvm.freePort();
        List<String> args = new ArrayList<>(common(db, nats));
        args.add("--server.port=" + port);
        workers.add(
            ChildJvm.start(
                "scaling-worker-" + k + "-" + (i + 1),
                List.of(options.getOrDefault("worker-jvm", "-Xms256m -Xmx512m").split(" ")),
                launch("io.lumina.worker.WorkerApplication", args),
                Map.of(),
                logs));
        ports.add(port);
      }
      Map<String, LongPredicate> groups = new LinkedHashMap<>();
      groups.put("workers", p -> workers.stream().anyMatch(w -> w.pid() == p));
      groups.put("postgres", CpuSampler.command("postgres"));
      groups.put("nats", CpuSampler.commandLine("-p " + nats.port() + " "));
      long low = backlog / 10;
      long high = backlog * 9 / 10;
      long t10 = 0;
      Map<String, Double> cpu10 = null;
      long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
      try (StoreProbe store = new StoreProbe(db, "wscale")) {
        while (System.nanoTime() < deadline) {
          long stored = store.stored();
          if (t10 == 0 && stored >= low) {
            t10 = System.nanoTime();
            cpu10 = CpuSampler.snapshot(groups);
          }
          if (stored >= high) {
            long t90 = System.nanoTime();
            Map<String, Double> cpu90 = CpuSampler.snapshot(groups);
            double seconds = (t90 - t10) / 1e9;
            double rate = (high - low) / seconds;
            log(String.format(Locale.ROOT, "%d worker(s): %.0f spans/s", k, rate));
            return new Row(k, backlog, rate, seconds, CpuSampler.cores(cpu10, cpu90, seconds));
          }
          for (ChildJvm w : workers) {
            if (!w.isAlive()) {
              throw new IllegalStateException(w.name() + " died: " + w.tail(10));
            }
          }
          TimeUnit.MILLISECONDS.sleep(200);
        }
      }
      throw new IllegalStateException(k + " workers did not store 90% of the backlog in 15 min");
    } finally {
      for (ChildJvm w : workers) {
        w.close();
      }
    }
  }

  private static List<String> common(TestDatabase db, PrivateNatsServer nats) {
    return List.of(
        "--spring.datasource.url=" + db.jdbcUrl(),
        "--spring.datasource.username=" + db.user(),
        "--spring.datasource.password=" + db.password(),
        "--lumina.nats.url=" + nats.url(),
        "--spring.main.banner-mode=off");
  }

  private static List<String> launch(String mainClass, List<String> args) {
    List<String> l =
        new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    l.addAll(args);
    return l;
  }

  private static String table(
      List<Row> rows, CopyCeiling.Result ceiling, String before, String after) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nLumina worker scaling %s, load average %s -> %s%nCOPY ceiling %.0f spans/s%n"
                + "%7s %8s %9s %8s %8s %12s %13s %9s %12s%n",
            Instant.now().toString().substring(0, 19),
            before,
            after,
            ceiling.spansPerSecond(),
            "workers",
            "backlog",
            "stored/s",
            "ceiling",
            "drain s",
            "worker cores",
            "postgres cores",
            "nats",
            "machine"));
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%7d %8d %9.0f %8.2f %8.1f %12.2f %13.2f %9.2f %12.2f%n",
              r.workers(),
              r.backlog(),
              r.spansPerSecond(),
              r.spansPerSecond() / ceiling.spansPerSecond(),
              r.drainSeconds(),
              r.cores().getOrDefault("workers", 0.0),
              r.cores().getOrDefault("postgres", 0.0),
              r.cores().getOrDefault("nats", 0.0),
              r.cores().getOrDefault("machine", 0.0)));
    }
    sb.append(
        "stored/s between 10% and 90% of the backlog stored; cores = CPU seconds per second over that window\n");
    return sb.toString();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  static void log(String message) {
    System.err.println("[scaling " + Instant.now().toString().substring(11, 19) + "] " + message);
  }
}
