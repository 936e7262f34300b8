package io.lumina.bench.e2e;

import io.lumina.queue.jetstream.JetStreamSettings;
import io.lumina.testing.PrivateNatsServer;
import io.lumina.testing.TestDatabase;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lumina ingestion against Zipkin, one after the other on the same machine and the same generated
 * LLM traffic ({@link PeerTraffic}): OTLP protobuf to Lumina's {@code /v1/traces}, the same spans
 * as Zipkin v2 JSON to Zipkin's {@code /api/v2/spans}; each server in a JVM of its own with the
 * same heap, its CPU time read from /proc/PID/stat. Prints accepted spans/s, accepted spans per
 * server CPU-second and request latency side by side, then a paced phase of Lumina at a fraction of
 * its measured rate (with the workers paused, from an emptied stream). {@code --mode=flood} instead
 * floods Lumina with maximum-size bodies while an ordinary client keeps sending, then, once it has
 * settled, times hostile JSON numbers. docs/performance.md ("Ingestion against Zipkin") explains
 * the method; {@code bench/run-ingest-peer.sh} runs it.
 */
public final class IngestPeerBenchmark {
  private final EndToEndBenchmark.Options o;
  private final Path logs;
  private final PeerTraffic traffic;
  private final int concurrency;

  private IngestPeerBenchmark(EndToEndBenchmark.Options o) {
    this.o = o;
    this.logs = Path.of(o.get("out", "bench-results")).resolve("logs");
    this.traffic = new PeerTraffic(o.integer("spans", 100), 42);
    this.concurrency = o.integer("concurrency", 4);
  }

  public static void main(String[] args) throws Exception {
    IngestPeerBenchmark bench = new IngestPeerBenchmark(EndToEndBenchmark.Options.parse(args));
    if (bench.o.get("mode", "peer").equals("flood")) {
      bench.flood();
    } else {
      bench.peer();
    }
    System.exit(0); // the HTTP clients' selector threads would keep the JVM alive
  }

  // ---- the comparison ----

  private void peer() throws Exception {
    String workers = o.get("workers", "running");
    System.out.printf(
        Locale.ROOT,
        "ingest peer benchmark: %d spans/request (%d KB protobuf, %d KB Zipkin JSON), %d connections,"
            + " %d s warm-up + %d s per phase, %d cores, Lumina workers %s%n",
        traffic.spansPerRequest(),
        traffic.protobufSize() / 1024,
        traffic.zipkinSize() / 1024,
        concurrency,
        o.integer("warmup", 5),
        o.integer("seconds", 20),
        Runtime.getRuntime().availableProcessors(),
        workers);
    String loadBefore = loadAverage();

    Phase zipkin = null;
    if (!o.get("zipkin", "run").equals("skip")) {
      try (ChildJvm server = startZipkin()) {
        zipkin =
            closedLoop(
                "zipkin",
                server,
                URI.create("http://127.0.0.1:" + zipkinPort + "/api/v2/spans"),
                "application/json",
                traffic::nextZipkin);
      }
    }
    Phase lumina;
    Phase paced = null;
    String serverSide;
    try (Lumina l = startLumina(workers.equals("running"))) {
      lumina =
          closedLoop(
              "lumina",
              l.ingestion,
              l.tracesUri(),
              "application/x-protobuf",
              traffic::nextProtobuf);
      serverSide = serverSide(l.port);
      double fraction = o.decimal("paced", 0.5);
      if (fraction > 0 && lumina.requestsPerSecond() > 0) {
        if (l.worker == null) {
          emptyStream(l.nats);
        }
        paced =
            pacedLoop(
                l.ingestion,
                l.tracesUri(),
                lumina.requestsPerSecond() * fraction,
                traffic::nextProtobuf);
      }
    }
    String loadAfter = loadAverage();
    if (zipkin == null) {
      zipkin = new Phase(new Recorder(), 1, 0);
    }

    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-34s %22s %22s %8s%n",
        "",
        "Zipkin 3.5.1 (mem)",
        "Lumina ingestion",
        "ratio");
    row("accepted spans/s", zipkin.spansPerSecond(), lumina.spansPerSecond(), "%.0f");
    row(
        "accepted spans per CPU-second",
        zipkin.spansPerCpuSecond(),
        lumina.spansPerCpuSecond(),
        "%.0f");
    row("server CPU cores busy", zipkin.cores(), lumina.cores(), "%.2f");
    row("request p50 ms", zipkin.p(0.50), lumina.p(0.50), "%.1f");
    row("request p95 ms", zipkin.p(0.95), lumina.p(0.95), "%.1f");
    row("request p99 ms", zipkin.p(0.99), lumina.p(0.99), "%.1f");
    System.out.printf(
        Locale.ROOT, "%-34s %22s %22s%n", "statuses", zipkin.statuses(), lumina.statuses());
    System.out.println(serverSide);
    if (paced != null) {
      System.out.printf(
          Locale.ROOT,
          "%nLumina paced at %.0f%% of its rate (%.1f requests/s, %.0f spans/s offered): accepted %.0f"
              + " spans/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, statuses %s%n",
          o.decimal("paced", 0.5) * 100,
          paced.offeredRequestsPerSecond,
          paced.offeredRequestsPerSecond * traffic.spansPerRequest(),
          paced.spansPerSecond(),
          paced.p(0.50),
          paced.p(0.95),
          paced.p(0.99),
          paced.statuses());
    }
    System.out.println("load average before: " + loadBefore + "   after: " + loadAfter);
  }

  /**
   * Where a Lumina request's time goes on the server, from its own timers over warm-up and measured
   * window together: the receiver's time (body read, scan, hash, publish, answer) and, within it,
   * the wait from publishing to JetStream's last acknowledgement. What the client saw beyond the
   * receiver's time is Tomcat, the loopback and the client.
   */
  private static String serverSide(int port) throws Exception {
    String base = "http://127.0.0.1:" + port + "/actuator/metrics/";
    String request =
        get(URI.create(base + "lumina.ingest.request.duration?tag=protocol:otlp-protobuf")).body();
    String publish = get(URI.create(base + "lumina.ingest.publish.latency")).body();
    double requestMean = mean(request);
    double publishMean = mean(publish);
    return String.format(
        Locale.ROOT,
        "Lumina server-side (warm-up and window): receiver mean %.2f ms, of which publish to last"
            + " JetStream ack mean %.2f ms (%.0f%%)",
        requestMean,
        publishMean,
        requestMean > 0 ? 100 * publishMean / requestMean : 0);
  }

  /** Mean of a timer's {@code /actuator/metrics} answer, in milliseconds. */
  private static double mean(String json) {
    try {
      double count = Double.parseDouble(statistic(json, "COUNT"));
      return count == 0 ? 0 : 1000 * Double.parseDouble(statistic(json, "TOTAL_TIME")) / count;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void row(String name, double zipkin, double lumina, String format) {
    System.out.printf(
        Locale.ROOT,
        "%-34s %22s %22s %8s%n",
        name,
        String.format(Locale.ROOT, format, zipkin),
        String.format(Locale.ROOT, format, lumina),
        zipkin > 0 ? String.format(Locale.ROOT, "%.2f", lumina / zipkin) : "-");
  }

  // ---- servers ----

  private int zipkinPort;

  private ChildJvm startZipkin() throws InterruptedException {
    String jar = o.get("zipkin-jar", "benchmarks/target/zipkin/zipkin-server-3.5.1-exec.jar");
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException(
          jar + " is missing: bench/run-ingest-peer.sh resolves it from Maven Central");
    }
    zipkinPort = ChildJvm.freePort();
    log("starting Zipkin on " + zipkinPort + ", logs in " + logs);
    ChildJvm zipkin =
        ChildJvm.start(
            "zipkin",
            heap(),
            List.of("-jar", jar),
            Map.of(
                "STORAGE_TYPE",
                "mem",
                "MEM_MAX_SPANS",
                o.get("mem-max-spans", "50000"),
                "QUERY_PORT",
                Integer.toString(zipkinPort),
                "SELF_TRACING_ENABLED",
                "false"),
            logs);
    zipkin.awaitHealthy(
        URI.create("http://127.0.0.1:" + zipkinPort + "/health"), Duration.ofSeconds(120));
    return zipkin;
  }

  private List<String> heap() {
    return List.of(o.get("server-jvm", "-Xms768m -Xmx768m").split(" "));
  }

  /**
   * With the workers paused the saturation phase leaves gigabytes in the span stream, and the paced
   * phase would then measure the page cache writing them back rather than ingestion. Running
   * workers keep the stream near empty; purging it between the phases starts the paced phase from
   * that state. Only the bench's private nats-server is touched.
   */
  private static void emptyStream(PrivateNatsServer nats) throws Exception {
    // the services run with the default settings, so their stream has the default name
    String stream = JetStreamSettings.defaults(nats.url()).streamName();
    try (Connection c = Nats.connect(nats.url())) {
      JetStreamManagement jsm = c.jetStreamManagement();
      StreamState state = jsm.getStreamInfo(stream).getStreamState();
      jsm.purgeStream(stream);
      log(
          String.format(
              Locale.ROOT,
              "purged the paused stream before the paced phase: %d messages, %.0f MB",
              state.getMsgCount(),
              state.getByteCount() / 1e6));
    }
    Thread.sleep(2_000); // let the server delete its message blocks
  }

  /** Lumina's span path with its own NATS and database; the worker in a JVM of its own. */
  private final class Lumina implements AutoCloseable {
    final PrivateNatsServer nats;
    final TestDatabase db;
    final ChildJvm worker;
    final ChildJvm ingestion;
    final int port;

    Lumina(boolean workers) throws Exception {
      nats = PrivateNatsServer.startNew();
      String stamp =
          DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
              .withZone(ZoneOffset.UTC)
              .format(Instant.now());
      db = TestDatabase.create(o.pgUrl(), o.pgUser(), o.pgPassword(), "lumina_peer_" + stamp);
      port = ChildJvm.freePort();
      int workerPort = ChildJvm.freePort();
      Map<String, String> env = new LinkedHashMap<>();
      env.put("LUMINA_DB_URL", db.jdbcUrl());
      env.put("LUMINA_DB_USER", db.user());
      env.put("LUMINA_DB_PASSWORD", db.password());
      env.put("LUMINA_NATS_URL", nats.url());
      env.put("LUMINA_INGESTION_PORT", Integer.toString(port));
      env.put("LUMINA_OTLP_PORT", "-1");
      env.put("LUMINA_OTLP_GRPC_PORT", "-1");
      env.put("LUMINA_WORKER_PORT", Integer.toString(workerPort));
      env.put("DAILY_TRACE_LIMIT", "0");
      String cp = System.getProperty("java.class.path");
      List<String> extra = new ArrayList<>(o.platformArgs());
      // Worker first: it migrates the schema.
      ChildJvm w =
          ChildJvm.start(
              "worker",
              List.of("-Xmx1g"),
              concat(List.of("-cp", cp, "io.lumina.worker.WorkerApplication"), extra),
              env,
              logs);
      w.awaitHealthy(
          URI.create("http://127.0.0.1:" + workerPort + "/actuator/health"),
          Duration.ofSeconds(180));
      if (!workers) {
        w.close(); // the stream keeps what ingestion publishes
        w = null;
      }
      worker = w;
      log(
          "starting Lumina ingestion on "
              + port
              + (workers ? " (workers running)" : " (workers paused)"));
      String jar = o.get("lumina-jar", "");
      ingestion =
          ChildJvm.start(
              "ingestion",
              concat(heap(), List.of(o.get("lumina-jvm", "-Dlumina.bench=true").split(" "))),
              concat(
                  jar.isEmpty()
                      ? List.of("-cp", cp, "io.lumina.ingestion.IngestionApplication")
                      : List.of("-jar", jar),
                  extra),
              env,
              logs);
      ingestion.awaitHealthy(
          URI.create("http://127.0.0.1:" + port + "/actuator/health"), Duration.ofSeconds(180));
    }

    URI tracesUri() {
      return URI.create("http://127.0.0.1:" + port + "/v1/traces");
    }

    @Override
    public void close() {
      ingestion.close();
      if (worker != null) {
        worker.close();
      }
      db.close();
      nats.close();
    }
  }

  private Lumina startLumina(boolean workers) throws Exception {
    return new Lumina(workers);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  // ---- load ----

  /** What one phase measured; latencies in microseconds. */
  private final class Phase {
    final long requests;
    final long acceptedSpans;
    final Map<Integer, Long> statuses;
    final long[] latencies;
    final double seconds;
    final double cpuSeconds;
    double offeredRequestsPerSecond;

    Phase(Recorder r, double seconds, double cpuSeconds) {
      this.requests = r.requests.sum();
      this.acceptedSpans = r.accepted.sum() * traffic.spansPerRequest();
      this.statuses = new TreeMap<>();
      r.statuses.forEach((k, v) -> statuses.put(k, v.sum()));
      this.latencies = r.latencies();
      this.seconds = seconds;
      this.cpuSeconds = cpuSeconds;
    }

    double spansPerSecond() {
      return acceptedSpans / seconds;
    }

    double requestsPerSecond() {
      return requests / seconds;
    }

    double spansPerCpuSecond() {
      return cpuSeconds > 0 ? acceptedSpans / cpuSeconds : 0;
    }

    double cores() {
      return cpuSeconds / seconds;
    }

    double p(double q) {
      if (latencies.length == 0) {
        return 0;
      }
      return latencies[(int) Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]
          / 1000.0;
    }

    Map<Integer, Long> statuses() {
      return statuses;
    }
  }

  /** Counts and latencies of requests sent inside the measured window. */
  private static final class Recorder {
    final LongAdder requests = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    final List<long[]> perThread = new ArrayList<>();

    synchronized long[] buffer() {
      long[] b = new long[1 << 20];
      perThread.add(b);
      return b;
    }

    void record(int status, long micros, long[] buffer, int[] count) {
      requests.increment();
      statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
      if (status / 100 == 2) {
        accepted.increment();
      }
      if (count[0] < buffer.length) {
        buffer[count[0]++] = micros;
      }
    }

    long[] latencies() {
      long[] all = perThread.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).toArray();
      Arrays.sort(all);
      return all;
    }
  }

  /** {@code concurrency} clients, each sending its next request when the last was answered. */
  private Phase closedLoop(
      String name,
      ChildJvm server,
      URI uri,
      String contentType,
      Function<SplittableRandom, byte[]> bodies)
      throws Exception {
    int warmup = o.integer("warmup", 5);
    int seconds = o.integer("seconds", 20);
    log(name + ": " + warmup + " s warm-up, then " + seconds + " s measured");
    Recorder recorder = new Recorder();
    long start = System.nanoTime();
    long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
    long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
    double[] cpu = new double[2];
    Thread sampler =
        Thread.ofPlatform()
            .start(
                () -> {
                  sleepUntil(measureFrom);
                  cpu[0] = CpuSampler.processSeconds(server.pid());
                  sleepUntil(end);
                  cpu[1] = CpuSampler.processSeconds(server.pid());
                });
    try (HttpClient client = client()) {
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        long seed = c;
        threads.add(
            Thread.ofPlatform()
                .name("client-" + c)
                .start(
                    () -> {
                      SplittableRandom random = new SplittableRandom(seed * 7919 + 1);
                      long[] buffer = recorder.buffer();
                      int[] count = {0};
                      while (System.nanoTime() < end) {
                        byte[] body = bodies.apply(random);
                        long sent = System.nanoTime();
                        int status = send(client, uri, contentType, body);
                        long done = System.nanoTime();
                        if (sent >= measureFrom && done <= end) {
                          recorder.record(status, (done - sent) / 1000, buffer, count);
                        }
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    sampler.join();
    return new Phase(recorder, seconds, cpu[1] - cpu[0]);
  }

  /**
   * Requests at a fixed rate over the same connections; latency counts from when a request was due,
   * so a server that falls behind is not flattered by requests that were sent late.
   */
  private Phase pacedLoop(
      ChildJvm server, URI uri, double requestsPerSecond, Function<SplittableRandom, byte[]> bodies)
      throws Exception {
    int seconds = o.integer("paced-seconds", o.integer("seconds", 20));
    log(
        String.format(
            Locale.ROOT, "lumina paced: %.1f requests/s for %d s", requestsPerSecond, seconds));
    Recorder recorder = new Recorder();
    long start = System.nanoTime() + Duration.ofMillis(200).toNanos();
    long end = start + Duration.ofSeconds(seconds).toNanos();
    long interval = (long) (1e9 * concurrency / requestsPerSecond);
    double cpuBefore = CpuSampler.processSeconds(server.pid());
    try (HttpClient client = client()) {
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < concurrency; c++) {
        long seed = c + 1000;
        long offset = interval * c / concurrency;
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      SplittableRandom random = new SplittableRandom(seed);
                      long[] buffer = recorder.buffer();
                      int[] count = {0};
                      for (long due = start + offset; due < end; due += interval) {
                        byte[] body = bodies.apply(random);
                        sleepUntil(due);
                        int status = send(client, uri, "application/x-protobuf", body);
                        recorder.record(status, (System.nanoTime() - due) / 1000, buffer, count);
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
    }
    Phase phase = new Phase(recorder, seconds, CpuSampler.processSeconds(server.pid()) - cpuBefore);
    phase.offeredRequestsPerSecond = requestsPerSecond;
    return phase;
  }

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static int send(HttpClient client, URI uri, String contentType, byte[] body) {
    try {
      return client
          .send(
              HttpRequest.newBuilder(uri)
                  .header("Content-Type", contentType)
                  .timeout(Duration.ofSeconds(60))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1; // connection refused or reset
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -2;
    }
  }

  // ---- the flood drill ----

  /**
   * {@code --flood-clients} connections (100) each sending {@code --flood-body} (16 MB) bodies as
   * fast as they are answered, while one ordinary client sends the usual requests; then hostile
   * JSON numbers, each timed. The service must answer 503 (or 400 for the garbage body), stay
   * healthy, keep serving the ordinary client, and never run out of memory.
   */
  private void flood() throws Exception {
    int clients = o.integer("flood-clients", 100);
    int bodyBytes = o.integer("flood-body", 16 * 1024 * 1024);
    int seconds = o.integer("seconds", 20);
    try (Lumina l = startLumina(false)) {
      URI uri = l.tracesUri();
      byte[] flood = new byte[bodyBytes];
      Arrays.fill(flood, (byte) 0x0A); // not a valid request: 400 once read, 503 when no room
      Recorder floodRecorder = new Recorder();
      Recorder ordinary = new Recorder();
      long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      log("flood: " + clients + " clients x " + bodyBytes + " bytes for " + seconds + " s");
      try (HttpClient client = client()) {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          threads.add(
              Thread.ofVirtual()
                  .start(
                      () -> {
                        long[] buffer = floodRecorder.buffer();
                        int[] count = {0};
                        while (System.nanoTime() < end) {
                          long sent = System.nanoTime();
                          int status = send(client, uri, "application/x-protobuf", flood);
                          floodRecorder.record(
                              status, (System.nanoTime() - sent) / 1000, buffer, count);
                        }
                      }));
        }
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      SplittableRandom random = new SplittableRandom(7);
                      long[] buffer = ordinary.buffer();
                      int[] count = {0};
                      try (HttpClient own = client()) {
                        while (System.nanoTime() < end) {
                          byte[] body = traffic.nextProtobuf(random);
                          long sent = System.nanoTime();
                          int status = send(own, uri, "application/x-protobuf", body);
                          ordinary.record(status, (System.nanoTime() - sent) / 1000, buffer, count);
                        }
                      }
                    }));
        for (Thread t : threads) {
          t.join();
        }
      }
      Phase f = new Phase(floodRecorder, seconds, 0);
      Phase n = new Phase(ordinary, seconds, 0);
      System.out.printf(
          Locale.ROOT,
          "%nflood (%d x %d MB): %d requests, statuses %s, p50 %.1f ms, p99 %.1f ms%n",
          clients,
          bodyBytes >> 20,
          f.requests,
          f.statuses(),
          f.p(0.5),
          f.p(0.99));
      System.out.printf(
          Locale.ROOT,
          "ordinary client meanwhile: %d requests, statuses %s, p50 %.1f ms, p99 %.1f ms%n",
          n.requests,
          n.statuses(),
          n.p(0.5),
          n.p(0.99));
      hostileNumbers(uri, l.port);
      HttpResponse<String> health =
          get(URI.create("http://127.0.0.1:" + l.port + "/actuator/health"));
      HttpResponse<String> heap =
          get(
              URI.create(
                  "http://127.0.0.1:"
                      + l.port
                      + "/actuator/metrics/jvm.memory.used?tag=area:heap"));
      System.out.printf(
          Locale.ROOT,
          "after the flood: process %s, health %d, heap used %s; out-of-memory in the log: %s%n",
          l.ingestion.isAlive() ? "alive" : "DEAD",
          health.statusCode(),
          heap.body().replaceAll(".*\"value\":([0-9.E]+).*", "$1"),
          Files.readString(l.ingestion.log()).contains("OutOfMemoryError") ? "YES" : "no");
    }
  }

  /**
   * Hostile JSON numbers, timed as a phase of their own: once the flood has ended, the service
   * answers health with 200 again and {@code --settle} seconds (5) of quiet have passed. Per form:
   * the first request (cold: the JSON error path's first use on that connection), then {@code
   * --hostile-rounds} (200) timed requests for p50, p99 and max, as the client saw them; then the
   * server's own view of all of them ({@code lumina.ingest.request.duration}, otlp-json), which
   * leaves out the client and the loopback.
   */
  private void hostileNumbers(URI uri, int port) throws Exception {
    List<String> values =
        List.of(
            "1e50000000",
            "\"1e50000000\"",
            "-1e50000000",
            "1e-50000000",
            "\"1.5e-50000000\"",
            "123456789012345678901234567890");
    int rounds = o.integer("hostile-rounds", 200);
    int settle = o.integer("settle", 5);
    URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
    long healthy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (get(health).statusCode() != 200 && System.nanoTime() < healthy) {
      Thread.sleep(200);
    }
    Thread.sleep(Duration.ofSeconds(settle));
    URI gc = URI.create("http://127.0.0.1:" + port + "/actuator/metrics/jvm.gc.pause");
    String gcBefore = get(gc).body();
    System.out.printf(
        Locale.ROOT,
        "%nhostile JSON numbers, a phase of their own: after the flood ended, health 200 and %d s"
            + " of quiet; per form the first request, then %d timed (client-side)%n",
        settle,
        rounds);
    try (HttpClient client = client()) {
      for (String value : values) {
        byte[] body =
            ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                    + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
                    + "\"name\":\"x\",\"startTimeUnixNano\":"
                    + value
                    + "}]}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        long sent = System.nanoTime();
        int status = send(client, uri, "application/json", body);
        double first = (System.nanoTime() - sent) / 1e6;
        long[] took = new long[rounds];
        Map<Integer, Integer> statuses = new TreeMap<>();
        statuses.merge(status, 1, Integer::sum);
        for (int i = 0; i < rounds; i++) {
          sent = System.nanoTime();
          statuses.merge(send(client, uri, "application/json", body), 1, Integer::sum);
          took[i] = System.nanoTime() - sent;
        }
        Arrays.sort(took);
        System.out.printf(
            Locale.ROOT,
            "hostile JSON number %-34s %d bytes: statuses %s, first %.2f ms, then p50 %.2f ms,"
                + " p99 %.2f ms, max %.2f ms%n",
            value,
            body.length,
            statuses,
            first,
            took[rounds / 2] / 1e6,
            took[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)] / 1e6,
            took[rounds - 1] / 1e6);
      }
    }
    String server =
        get(URI.create(
                "http://127.0.0.1:"
                    + port
                    + "/actuator/metrics/lumina.ingest.request.duration?tag=protocol:otlp-json"))
            .body();
    System.out.printf(
        Locale.ROOT,
        "hostile JSON numbers, server-side (lumina.ingest.request.duration, otlp-json): count %s,"
            + " total %s s, max %s s%n",
        statistic(server, "COUNT"),
        statistic(server, "TOTAL_TIME"),
        statistic(server, "MAX"));
    String gcAfter = get(gc).body();
    System.out.printf(
        Locale.ROOT,
        "server GC pauses during the hostile phase: %s, %s s in all%n",
        delta(gcBefore, gcAfter, "COUNT"),
        delta(gcBefore, gcAfter, "TOTAL_TIME"));
  }

  private static String delta(String before, String after, String name) {
    try {
      double d =
          Double.parseDouble(statistic(after, name)) - Double.parseDouble(statistic(before, name));
      return String.format(Locale.ROOT, "%.3f", d);
    } catch (NumberFormatException e) {
      return "?";
    }
  }

  /** One statistic of an {@code /actuator/metrics/<name>} answer, or "?". */
  private static String statistic(String json, String name) {
    Matcher m =
        Pattern.compile("\"statistic\":\"" + name + "\",\"value\":([0-9.Ee+-]+)").matcher(json);
    return m.find() ? m.group(1) : "?";
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    try (HttpClient client = client()) {
      return client.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  // ---- helpers ----

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static void sleepUntil(long nanoTime) {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      try {
        Thread.sleep(Duration.ofNanos(Math.min(wait, 50_000_000L)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void log(String message) {
    System.err.println("[peer " + Instant.now().toString().substring(11, 19) + "] " + message);
  }
}
