package io.lumina.bench.drills;

import io.lumina.bench.e2e.BenchArgs;
import io.lumina.bench.e2e.ChildJvm;
import io.lumina.bench.e2e.LoadDriver;
import io.lumina.bench.e2e.Stats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scale-out drill ({@code bench/run-cluster-drill.sh}), with processes rather than containers:
 * three nats-servers in one JetStream cluster (stream, dead letters and limit bucket at three
 * replicas), a PostgreSQL primary with a streaming replica, two ingestion and two worker processes,
 * and a query API reading from the replica. Under steady load it SIGKILLs one NATS node and starts
 * it again, then stops the replica as a crash would and starts it again, while a reader lists
 * traces through the query API four times a second.
 *
 * <p>Passes (exit 0) when every span acknowledged to a client is stored exactly once, summaries and
 * rollups count every stored span, no request is answered 500, every read during the replica's
 * outage is served (by the primary) or refused with a clear status, and no Lumina process had to be
 * restarted. Arguments {@code --key=value}: {@code rate} spans/s over both ingestions (400), {@code
 * seconds} of load (60), {@code logs} (bench-results/logs).
 */
public final class ClusterDrill {
  private static final List<String> JVM =
      List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  private static final String PREFIX = "cluster";

  private final Map<String, String> options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final List<ChildJvm> services = new ArrayList<>();
  private final Map<ChildJvm, Integer> ports = new LinkedHashMap<>();

  private ClusterDrill(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args);
    boolean ok = new ClusterDrill(options).run();
    System.exit(ok ? 0 : 1);
  }

  private boolean run() throws Exception {
    Path logs = Path.of(options.getOrDefault("logs", "bench-results/logs")).toAbsolutePath();
    Path scratch = logs.resolve("cluster-drill-" + System.currentTimeMillis());
    double rate = Double.parseDouble(options.getOrDefault("rate", "400"));
    Duration duration = Duration.ofSeconds(Integer.parseInt(options.getOrDefault("seconds", "60")));
    log("starting a PostgreSQL primary and a streaming replica in " + scratch);
    try (PrimaryAndReplica pg =
            PrimaryAndReplica.start(
                scratch.resolve("pg"), ChildJvm.freePort(), ChildJvm.freePort());
        NatsCluster nats = startNats(scratch)) {
      try {
        return drill(pg, nats, logs, rate, duration);
      } finally {
        for (ChildJvm s : services) {
          s.close();
        }
      }
    }
  }

  private static NatsCluster startNats(Path scratch) throws IOException, InterruptedException {
    log("starting three nats-servers in one JetStream cluster");
    return NatsCluster.start(scratch.resolve("nats"));
  }

  private boolean drill(
      PrimaryAndReplica pg, NatsCluster nats, Path logs, double rate, Duration duration)
      throws Exception {
    List<String> common =
        List.of(
            "--spring.datasource.url=" + pg.primaryUrl("lumina"),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=",
            "--lumina.nats.url=" + nats.urls(),
            "--lumina.nats.replicas=3",
            "--spring.main.banner-mode=off");
    ChildJvm worker1 =
        start("worker-1", "io.lumina.worker.WorkerApplication", common, List.of(), logs);
    awaitHealthy(worker1); // migrates the schema and creates the replicated stream first
    ChildJvm worker2 =
        start("worker-2", "io.lumina.worker.WorkerApplication", common, List.of(), logs);
    List<String> ingestionArgs =
        List.of(
            "--lumina.ingestion.otlp-port=-1",
            "--lumina.ingestion.grpc-port=-1",
            "--lumina.ingestion.daily-trace-limit=0");
    ChildJvm ingestion1 =
        start(
            "ingestion-1", "io.lumina.ingestion.IngestionApplication", common, ingestionArgs, logs);
    ChildJvm ingestion2 =
        start(
            "ingestion-2", "io.lumina.ingestion.IngestionApplication", common, ingestionArgs, logs);
    ChildJvm query =
        start(
            "query-api",
            "io.lumina.query.QueryApiApplication",
            common,
            List.of(
                "--lumina.storage.read-replica.url=" + pg.replicaUrl(),
                "--lumina.storage.read-replica.retry-after=2s"),
            logs);
    for (ChildJvm s : List.of(worker2, ingestion1, ingestion2, query)) {
      awaitHealthy(s);
    }
    log("topology up: NATS " + nats.urls() + ", replica " + pg.replicaUrl());

    URI queryApi = base(query);
    List<String> faults = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicReference<String> phase = new AtomicReference<>("steady");
    Map<String, Map<Integer, Integer>> reads = new ConcurrentHashMap<>();
    var executor = Executors.newVirtualThreadPerTaskExecutor();
    long end = System.nanoTime() + duration.toNanos();
    Future<?> reader =
        executor.submit(
            () -> {
              readUntil(queryApi, end, phase, reads);
              return null;
            });
    Future<?> injector =
        executor.submit(
            () -> {
              long quarter = duration.toMillis() / 4;
              TimeUnit.MILLISECONDS.sleep(quarter);
              phase.set("nats node down");
              nats.kill(0);
              faults.add("nats node 1 SIGKILLed at " + quarter / 1000 + " s");
              log("  fault: nats node 1 SIGKILLed");
              TimeUnit.MILLISECONDS.sleep(quarter);
              nats.startNode(0);
              nats.awaitReady(0, Duration.ofSeconds(60));
              faults.add("nats node 1 restarted on its store " + quarter / 1000 + " s later");
              log("  nats node 1 back");
              phase.set("replica down");
              pg.killReplica();
              faults.add("replica stopped (immediate) at " + 2 * quarter / 1000 + " s");
              log("  fault: replica stopped");
              TimeUnit.MILLISECONDS.sleep(quarter);
              pg.startReplica();
              phase.set("recovered");
              faults.add("replica started again " + quarter / 1000 + " s later");
              log("  replica back");
              return null;
            });
    LoadDriver.Settings half = settings(rate / 2, duration, 1);
    Future<LoadDriver.Result> loadA =
        executor.submit(() -> new LoadDriver(http, ingestUri(ingestion1), queryApi).run(half));
    Future<LoadDriver.Result> loadB =
        executor.submit(
            () ->
                new LoadDriver(http, ingestUri(ingestion2), null)
                    .run(settings(rate / 2, duration, 0)));
    LoadDriver.Result a = loadA.get();
    LoadDriver.Result b = loadB.get();
    injector.get();
    reader.get();
    executor.shutdown();

    Set<String> acked = new HashSet<>(a.ackedKeys());
    acked.addAll(b.ackedKeys());
    DrillCheck check = settle(pg.primaryUrl("lumina"), acked);
    List<String> violations = new ArrayList<>();
    for (ChildJvm s : services) {
      if (!s.isAlive()) {
        violations.add(s.name() + " died (log " + s.log() + "): " + s.tail(5));
      }
    }
    reads.forEach(
        (p, statuses) ->
            statuses.forEach(
                (status, n) -> {
                  if (status >= 500 && status != 503) {
                    violations.add(n + " reads answered " + status + " while " + p);
                  }
                }));
    String health = fetch(queryApi.resolve("/actuator/health"));
    boolean replicaBack = health.contains("\"reachable\":true");
    if (!replicaBack) {
      violations.add("the query API does not see the replica again: " + health);
    }
    long status500 = a.statuses().getOrDefault(500, 0L) + b.statuses().getOrDefault(500, 0L);
    boolean passed = check.consistent() && status500 == 0 && violations.isEmpty();
    System.out.println(table(a, b, acked.size(), check, reads, faults, violations, passed));
    return passed;
  }

  private void readUntil(
      URI queryApi,
      long end,
      AtomicReference<String> phase,
      Map<String, Map<Integer, Integer>> reads)
      throws InterruptedException {
    URI list = queryApi.resolve("/api/traces?limit=5");
    while (System.nanoTime() < end) {
      int status;
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(list).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (IOException e) {
        status = -1;
      }
      reads.computeIfAbsent(phase.get(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  private static LoadDriver.Settings settings(double rate, Duration duration, double probes) {
    return new LoadDriver.Settings(
        PREFIX,
        rate,
        10,
        4,
        duration,
        0.25,
        8,
        probes,
        Duration.ofMillis(50),
        Duration.ofSeconds(30),
        true);
  }

  private static DrillCheck settle(String jdbcUrl, Set<String> acked) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    DrillCheck check = null;
    while (System.nanoTime() < deadline) {
      check = DrillCheck.read(jdbcUrl, PREFIX, acked);
      if (check.missing() == 0
          && check.summarySpans() == check.stored()
          && check.rollupSpans() == check.stored()) {
        TimeUnit.SECONDS.sleep(2);
        return DrillCheck.read(jdbcUrl, PREFIX, acked);
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return check == null ? DrillCheck.read(jdbcUrl, PREFIX, acked) : check;
  }

  private ChildJvm start(
      String name, String mainClass, List<String> common, List<String> extra, Path logs) {
    int port = ChildJvm.freePort();
    List<String> launch =
        new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    launch.addAll(common);
    launch.add("--server.port=" + port);
    launch.addAll(extra);
    ChildJvm jvm = ChildJvm.start(name, JVM, launch, Map.of(), logs);
    services.add(jvm);
    ports.put(jvm, port);
    return jvm;
  }

  private void awaitHealthy(ChildJvm jvm) throws InterruptedException {
    jvm.awaitHealthy(base(jvm).resolve("/actuator/health"), Duration.ofSeconds(240));
  }

  private URI base(ChildJvm jvm) {
    return URI.create("http://127.0.0.1:" + ports.get(jvm) + "/");
  }

  private URI ingestUri(ChildJvm ingestion) {
    return base(ingestion).resolve("/v1/traces");
  }

  private String fetch(URI uri) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body()
          .replace(" ", "");
    } catch (IOException | InterruptedException e) {
      return "unreachable: " + e;
    }
  }

  private static String table(
      LoadDriver.Result a,
      LoadDriver.Result b,
      int acked,
      DrillCheck c,
      Map<String, Map<Integer, Integer>> reads,
      List<String> faults,
      List<String> violations,
      boolean passed) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nLumina cluster drill %s%n%7s %7s %7s %7s %5s %8s %8s %5s %5s %5s %10s  %s%n",
            Instant.now().toString().substring(0, 19),
            "sent",
            "acked",
            "stored",
            "missing",
            "dup",
            "summary",
            "rollup",
            "5xx",
            "500",
            "conn",
            "qry p99 ms",
            "verdict"));
    sb.append(
        String.format(
            Locale.ROOT,
            "%7d %7d %7d %7d %5d %8d %8d %5d %5d %5d %10.0f  %s%n",
            a.sentSpans() + b.sentSpans(),
            acked,
            c.stored(),
            c.missing(),
            c.duplicates(),
            c.summarySpans(),
            c.rollupSpans(),
            a.count5xx() + b.count5xx(),
            a.statuses().getOrDefault(500, 0L) + b.statuses().getOrDefault(500, 0L),
            a.connectionErrors() + b.connectionErrors(),
            Stats.percentileMillis(a.queryableNanos(), 99),
            passed ? "PASS" : "FAIL"));
    sb.append("faults: ").append(String.join("; ", faults)).append('\n');
    sb.append("load answers: ")
        .append(a.statuses())
        .append(" + ")
        .append(b.statuses())
        .append('\n');
    sb.append("ingest-to-queryable through the replica: ")
        .append(a.queryableNanos().length)
        .append(" probes, ")
        .append(a.probeTimeouts())
        .append(" timeouts\n");
    reads.forEach(
        (phase, statuses) ->
            sb.append("reads while ").append(phase).append(": ").append(statuses).append('\n'));
    violations.forEach(v -> sb.append("VIOLATION: ").append(v).append('\n'));
    return sb.toString();
  }

  static void log(String message) {
    System.err.println("[cluster " + Instant.now().toString().substring(11, 19) + "] " + message);
  }
}
