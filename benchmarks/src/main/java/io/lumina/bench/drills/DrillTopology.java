package io.lumina.bench.drills;

import io.lumina.bench.e2e.ChildJvm;
import io.lumina.testing.PrivateNatsServer;
import io.lumina.testing.PrivatePostgres;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The real topology on private servers the drills may break: a nats-server and a PostgreSQL of
 * their own (never the machine's shared ones), one ingestion JVM and two worker JVMs sharing the
 * durable consumer, each a separate process so a worker can be SIGKILLed for real.
 */
final class DrillTopology implements AutoCloseable {
  /** Small, fast-starting JVMs: the drills check correctness, not speed. */
  static final List<String> DRILL_JVM =
      List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private final List<String> jvm;

  private final PrivateNatsServer nats;
  private final PrivatePostgres postgres;
  private final Path logs;
  private final Duration ackWait;
  private final List<ChildJvm> workers = new ArrayList<>();
  private final Set<ChildJvm> killed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private ChildJvm ingestion;
  private int ingestionPort;
  private int workerCount;

  private DrillTopology(
      PrivateNatsServer nats,
      PrivatePostgres postgres,
      Path logs,
      Duration ackWait,
      List<String> jvm) {
    this.jvm = List.copyOf(jvm);
    this.nats = nats;
    this.postgres = postgres;
    this.logs = logs;
    this.ackWait = ackWait;
  }

  static DrillTopology start(Path logs, int workers, Duration ackWait) throws InterruptedException {
    return start(logs, workers, ackWait, DRILL_JVM);
  }

  /** As {@link #start(Path, int, Duration)} with the services' JVM options given. */
  static DrillTopology start(Path logs, int workers, Duration ackWait, List<String> jvm)
      throws InterruptedException {
    FaultDrills.log("starting a private nats-server and a private PostgreSQL");
    PrivateNatsServer nats = PrivateNatsServer.startNew();
    PrivatePostgres postgres;
    try {
      postgres = PrivatePostgres.start("drills");
    } catch (RuntimeException e) {
      nats.close();
      throw e;
    }
    DrillTopology t = new DrillTopology(nats, postgres, logs, ackWait, jvm);
    try {
      // The first worker migrates the schema and creates the stream before anything else connects.
      t.startWorker().awaitHealthy(t.healthOf(t.workers.getFirst()), Duration.ofSeconds(240));
      for (int i = 1; i < workers; i++) {
        t.startWorker();
      }
      t.ingestionPort = ChildJvm.freePort();
      List<String> args = new ArrayList<>(t.common());
      args.addAll(
          List.of(
              "--server.port=" + t.ingestionPort,
              "--lumina.ingestion.otlp-port=-1",
              "--lumina.ingestion.grpc-port=-1",
              "--lumina.ingestion.daily-trace-limit=0"));
      t.ingestion =
          ChildJvm.start(
              "ingestion",
              t.jvm,
              launch("io.lumina.ingestion.IngestionApplication", args),
              Map.of(),
              logs);
      t.ingestion.awaitHealthy(
          URI.create("http://127.0.0.1:" + t.ingestionPort + "/actuator/health"),
          Duration.ofSeconds(240));
      for (ChildJvm w : t.workers) {
        w.awaitHealthy(t.healthOf(w), Duration.ofSeconds(240));
      }
      FaultDrills.log(
          "topology up: ingestion :"
              + t.ingestionPort
              + ", "
              + workers
              + " workers, NATS "
              + nats.url()
              + ", PostgreSQL :"
              + postgres.port()
              + " (logs in "
              + logs
              + ")");
      return t;
    } catch (RuntimeException | InterruptedException e) {
      t.close();
      throw e;
    }
  }

  private final Map<ChildJvm, Integer> workerPorts = new java.util.HashMap<>();

  ChildJvm startWorker() {
    int port = ChildJvm.freePort();
    List<String> args = new ArrayList<>(common());
    args.addAll(
        List.of(
            "--server.port=" + port,
            "--lumina.worker.ack-wait=" + ackWait.toSeconds() + "s",
            // Fail and back off fast while PostgreSQL is down, so the drill does not wait on long
            // timeouts.
            "--lumina.worker.retry-backoff=500ms",
            "--lumina.worker.max-backoff=2s"));
    ChildJvm w =
        ChildJvm.start(
            "worker-" + (++workerCount),
            jvm,
            launch("io.lumina.worker.WorkerApplication", args),
            Map.of(),
            logs);
    workers.add(w);
    workerPorts.put(w, port);
    return w;
  }

  private URI healthOf(ChildJvm worker) {
    return URI.create("http://127.0.0.1:" + workerPorts.get(worker) + "/actuator/health");
  }

  /** The actuator base of a worker, e.g. for its heap metrics. */
  URI actuatorOf(ChildJvm worker) {
    return URI.create("http://127.0.0.1:" + workerPorts.get(worker) + "/actuator");
  }

  /** The actuator base of the ingestion service. */
  URI ingestionActuator() {
    return URI.create("http://127.0.0.1:" + ingestionPort + "/actuator");
  }

  ChildJvm ingestion() {
    return ingestion;
  }

  List<ChildJvm> workers() {
    return List.copyOf(workers);
  }

  String natsUrl() {
    return nats.url();
  }

  private List<String> common() {
    return List.of(
        "--spring.datasource.url=" + postgres.jdbcUrl(),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=",
        "--lumina.nats.url=" + nats.url(),
        "--spring.main.banner-mode=off");
  }

  private static List<String> launch(String mainClass, List<String> args) {
    List<String> l =
        new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    l.addAll(args);
    return l;
  }

  URI ingestUri() {
    return URI.create("http://127.0.0.1:" + ingestionPort + "/v1/traces");
  }

  String jdbcUrl() {
    return postgres.jdbcUrl();
  }

  /** SIGKILLs the first live worker; returns its name. */
  String killWorker() throws InterruptedException {
    for (ChildJvm w : workers) {
      if (w.isAlive()) {
        killed.add(w);
        w.kill();
        return w.name() + " (pid " + w.pid() + ")";
      }
    }
    throw new IllegalStateException("no live worker to kill");
  }

  /**
   * SIGKILLs nats-server (no flush, no goodbye), then starts it again on the same port and store.
   */
  void killAndRestartNats(Duration down) throws InterruptedException {
    String marker = "-p " + nats.port() + " ";
    ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("nats-server") && c.contains(marker))
                    .orElse(false))
        .forEach(
            p -> {
              p.destroyForcibly();
              p.onExit().join();
            });
    TimeUnit.MILLISECONDS.sleep(down.toMillis());
    nats.start();
  }

  /**
   * Stops PostgreSQL (fast shutdown: sessions are cut) and starts it again on the same data
   * directory.
   */
  void restartPostgres(Duration down) throws InterruptedException {
    postgres.stop();
    TimeUnit.MILLISECONDS.sleep(down.toMillis());
    postgres.start();
  }

  /** Processes that should be running but are not (a crash, not a drill's SIGKILL). */
  List<ChildJvm> died() {
    return processes().stream().filter(p -> !p.isAlive() && !killed.contains(p)).toList();
  }

  List<ChildJvm> processes() {
    List<ChildJvm> all = new ArrayList<>(workers);
    if (ingestion != null) {
      all.add(ingestion);
    }
    return all;
  }

  @Override
  public void close() {
    if (ingestion != null) {
      ingestion.close();
    }
    for (ChildJvm w : workers) {
      w.close();
    }
    postgres.close();
    nats.close();
  }
}
