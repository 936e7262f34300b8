package io.lumina.bench.drills;

import io.lumina.bench.e2e.BenchArgs;
import io.lumina.bench.e2e.ChildJvm;
import io.lumina.bench.e2e.LoadDriver;
import io.lumina.queue.jetstream.JetStreamSettings;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak ({@code bench/run-soak.sh}): steady OTLP load at a fixed rate for many minutes against
 * the drills' topology (private nats-server and PostgreSQL, ingestion and workers as JVMs of their
 * own, with the heap the Kubernetes manifests give), printing once a minute what must stay flat —
 * the span stream's bytes and messages (with work-queue retention: the backlog), the dead-letter
 * stream, each worker's heap and resident memory, the ingestion's — and at the end the drills'
 * check: every acknowledged span stored once, summaries and rollups equal to the rows. Exits 1 when
 * anything acknowledged is missing or duplicated, or a service died.
 *
 * <p>Arguments {@code --key=value}: {@code rate} spans/s (1500: pass half the sustained rate that
 * {@code bench/run-benchmark.sh} measured), {@code minutes} (20), {@code sample-seconds} (60),
 * {@code workers} (1), {@code spans-per-request} (20), {@code concurrency} (8), {@code jvm}
 * (services' JVM options, "-Xmx768m -XX:+ExitOnOutOfMemoryError"), {@code logs}.
 */
public final class Soak {
  private static final Pattern USED = Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)");
  private static final String PREFIX = "soak";

  private final Map<String, String> options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private Soak(Map<String, String> options) {
    this.options = options;
  }

  /** One line of the minute-by-minute table. */
  record Sample(
      double minute,
      long acked,
      long stored,
      long streamBytes,
      long streamMessages,
      long deadLetterMessages,
      List<Long> workerHeap,
      List<Long> workerRss,
      long ingestionHeap,
      long ingestionRss,
      double load1) {}

  public static void main(String[] args) throws Exception {
    System.exit(new Soak(BenchArgs.parse(args)).run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    double rate = Double.parseDouble(options.getOrDefault("rate", "1500"));
    Duration duration = Duration.ofMinutes(Long.parseLong(options.getOrDefault("minutes", "20")));
    Duration every =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("sample-seconds", "60")));
    List<String> jvm =
        Arrays.asList(
            options
                .getOrDefault("jvm", "-Xmx768m -XX:+ExitOnOutOfMemoryError")
                .trim()
                .split("\\s+"));
    Duration ackWait = Duration.ofSeconds(30);
    LoadDriver.Settings settings =
        new LoadDriver.Settings(
            PREFIX,
            rate,
            Integer.parseInt(options.getOrDefault("spans-per-request", "20")),
            Integer.parseInt(options.getOrDefault("concurrency", "8")),
            duration,
            0.25,
            8,
            0,
            Duration.ZERO,
            Duration.ZERO,
            true);
    String loadBefore = loadAverage();
    List<Sample> samples = new ArrayList<>();
    DrillCheck check;
    LoadDriver.Result load;
    List<String> died = new ArrayList<>();
    try (DrillTopology topology =
            DrillTopology.start(
                Path.of(options.getOrDefault("logs", "bench-results/logs")),
                Integer.parseInt(options.getOrDefault("workers", "1")),
                ackWait,
                jvm);
        Connection nats = Nats.connect(topology.natsUrl())) {
      JetStreamManagement jsm = nats.jetStreamManagement();
      FaultDrills.log(
          "soak: " + rate + " spans/s for " + duration.toMinutes() + " min, JVM options " + jvm);
      LoadDriver driver = new LoadDriver(http, topology.ingestUri(), null);
      long start = System.nanoTime();
      CompletableFuture<LoadDriver.Result> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return driver.run(settings);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      long next = start + every.toNanos();
      while (!running.isDone()) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          try {
            running.get(wait, TimeUnit.NANOSECONDS);
            break;
          } catch (java.util.concurrent.TimeoutException timeUp) {
            // time for a sample
          }
        }
        Sample s = sample(topology, jsm, (System.nanoTime() - start) / 60e9, -1);
        samples.add(s);
        FaultDrills.log(line(s));
        next += every.toNanos();
      }
      load = running.join();
      FaultDrills.log("load done: " + load.statuses() + "; waiting for the backlog to drain");
      long deadline = System.nanoTime() + ackWait.toNanos() + Duration.ofMinutes(10).toNanos();
      check = DrillCheck.read(topology.jdbcUrl(), PREFIX, load.ackedKeys());
      while ((check.missing() > 0
              || check.summarySpans() != check.stored()
              || check.rollupSpans() != check.stored())
          && System.nanoTime() < deadline) {
        TimeUnit.SECONDS.sleep(5);
        check = DrillCheck.read(topology.jdbcUrl(), PREFIX, load.ackedKeys());
      }
      TimeUnit.SECONDS.sleep(2);
      check = DrillCheck.read(topology.jdbcUrl(), PREFIX, load.ackedKeys());
      Sample end = sample(topology, jsm, (System.nanoTime() - start) / 60e9, load.acceptedSpans());
      samples.add(end);
      for (ChildJvm p : topology.died()) {
        died.add(p.name() + " died (log " + p.log() + "): " + p.tail(5));
      }
    }
    boolean passed = check.consistent() && died.isEmpty();
    System.out.println(report(settings, samples, load, check, died, loadBefore, passed));
    return passed;
  }

  private Sample sample(DrillTopology t, JetStreamManagement jsm, double minute, long acked)
      throws IOException, InterruptedException {
    // the services run with the default settings, so their streams have the default names
    JetStreamSettings names = JetStreamSettings.defaults(t.natsUrl());
    StreamInfo spans = streamInfo(jsm, names.streamName());
    StreamInfo dead = streamInfo(jsm, names.deadLetterStreamName());
    List<Long> heaps = new ArrayList<>();
    List<Long> rss = new ArrayList<>();
    for (ChildJvm w : t.workers()) {
      if (w.isAlive()) {
        heaps.add(heapUsed(t.actuatorOf(w)));
        rss.add(rssBytes(w.pid()));
      }
    }
    return new Sample(
        minute,
        acked,
        storedSoFar(t.jdbcUrl()),
        spans == null ? -1 : spans.getStreamState().getByteCount(),
        spans == null ? -1 : spans.getStreamState().getMsgCount(),
        dead == null ? 0 : dead.getStreamState().getMsgCount(),
        heaps,
        rss,
        heapUsed(t.ingestionActuator()),
        rssBytes(t.ingestion().pid()),
        Double.parseDouble(loadAverage().split(" ")[0]));
  }

  private static StreamInfo streamInfo(JetStreamManagement jsm, String name) throws IOException {
    try {
      return jsm.getStreamInfo(name);
    } catch (JetStreamApiException e) {
      return null; // not created yet (the dead-letter stream appears with the first dead letter)
    }
  }

  /** Rows counted by the hourly rollups: cheap, and equal to the rows once a batch commits. */
  private static long storedSoFar(String jdbcUrl) {
    try (java.sql.Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce(sum(span_count), 0) FROM span_rollups_hourly "
                    + "WHERE service_name LIKE ?")) {
      ps.setString(1, PREFIX + "-%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  private long heapUsed(URI actuator) throws InterruptedException {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(actuator + "/metrics/jvm.memory.used?tag=area:heap"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = USED.matcher(r.body());
      return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static long rssBytes(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // process gone
    }
    return -1;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "? ? ?";
    }
  }

  private static String mb(long bytes) {
    return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
  }

  private static String line(Sample s) {
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < s.workerHeap().size(); i++) {
      w.append(i == 0 ? "" : "/")
          .append(mb(s.workerHeap().get(i)))
          .append(':')
          .append(mb(s.workerRss().get(i)));
    }
    return String.format(
        Locale.ROOT,
        "%6.1f %9s %9d %11s %9d %6d %17s %13s %5.2f",
        s.minute(),
        s.acked() < 0 ? "" : Long.toString(s.acked()),
        s.stored(),
        s.streamBytes() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", s.streamBytes() / 1048576.0),
        s.streamMessages(),
        s.deadLetterMessages(),
        w,
        mb(s.ingestionHeap()) + ":" + mb(s.ingestionRss()),
        s.load1());
  }

  private static String report(
      LoadDriver.Settings settings,
      List<Sample> samples,
      LoadDriver.Result load,
      DrillCheck check,
      List<String> died,
      String loadBefore,
      boolean passed) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nLumina soak %s: %.0f spans/s offered for %d min, %d spans per request%n",
                Instant.now().toString().substring(0, 19),
                settings.spansPerSecond(),
                settings.duration().toMinutes(),
                settings.spansPerRequest()));
    sb.append(
        String.format(
            Locale.ROOT,
            "%6s %9s %9s %11s %9s %6s %17s %13s %5s%n",
            "minute",
            "acked",
            "stored",
            "stream MB",
            "stream msg",
            "dead",
            "worker heap:RSS MB",
            "ingest heap:RSS",
            "load1"));
    samples.forEach(s -> sb.append(line(s)).append('\n'));
    sb.append(
        String.format(
            Locale.ROOT,
            "sent %d spans, acknowledged %d (%.0f/s), statuses %s, connection errors %d%n",
            load.sentSpans(),
            load.acceptedSpans(),
            load.acceptedSpans() / load.seconds(),
            load.statuses(),
            load.connectionErrors()));
    sb.append(
        String.format(
            Locale.ROOT,
            "after the drain: stored %d, missing %d, duplicates %d, stored but unacknowledged %d, "
                + "summaries %d, rollups %d%n",
            check.stored(),
            check.missing(),
            check.duplicates(),
            check.unacknowledgedStored(),
            check.summarySpans(),
            check.rollupSpans()));
    died.forEach(d -> sb.append("DIED: ").append(d).append('\n'));
    sb.append("load average before: ")
        .append(loadBefore)
        .append("   after: ")
        .append(loadAverage())
        .append('\n');
    sb.append(passed ? "PASS" : "FAIL").append('\n');
    return sb.toString();
  }
}
