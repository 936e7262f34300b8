package io.lumina.bench.drills;

import io.lumina.bench.e2e.BenchArgs;
import io.lumina.bench.e2e.ChildJvm;
import io.lumina.bench.e2e.LoadDriver;
import io.lumina.bench.e2e.TrafficGenerator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fault drills ({@code bench/run-drills.sh}): under steady OTLP load, (1) SIGKILL a worker, (2)
 * SIGKILL and restart NATS, (3) stop and restart PostgreSQL, (4) send a corpus of bad requests.
 * Each drill ends with counts: spans acknowledged to clients (200) against spans stored,
 * duplicates, summaries and rollups, 5xx answers. The client retries 429/502/503/504 and connection
 * errors as OTLP exporters do, resending the same bytes. Exits 1 when any acknowledged span is
 * missing, anything is duplicated or double counted, an invalid span is stored, a 500 is answered,
 * or a bad request gets anything but its 4xx.
 *
 * <p>Arguments {@code --key=value}: {@code drills} (default {@code
 * worker-kill,nats-restart,postgres-restart,bad-input}), {@code rate} spans/s (300), {@code
 * seconds} of load per drill (24), {@code spans-per-request} (10), {@code concurrency} (8), {@code
 * ack-wait} seconds of the workers (10), {@code workers} (2), {@code jvm} (the services' JVM
 * options, default small C1-only heaps that start fast), {@code logs} (bench-results/logs).
 */
public final class FaultDrills {
  private final Map<String, String> options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private FaultDrills(Map<String, String> options) {
    this.options = options;
  }

  record Outcome(
      String drill,
      String fault,
      LoadDriver.Result load,
      DrillCheck check,
      long acked,
      Map<String, Map<Integer, Integer>> badInput,
      List<String> badInputViolations,
      double settleSeconds) {

    boolean passed() {
      return check.consistent()
          && load.statuses().getOrDefault(500, 0L) == 0
          && badInputViolations.isEmpty();
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = BenchArgs.parse(args);
    boolean ok = new FaultDrills(options).run();
    System.exit(ok ? 0 : 1);
  }

  private boolean run() throws Exception {
    List<String> drills =
        List.of(get("drills", "worker-kill,nats-restart,postgres-restart,bad-input").split(","));
    Duration ackWait = Duration.ofSeconds(integer("ack-wait", 10));
    List<Outcome> outcomes = new ArrayList<>();
    try (DrillTopology topology =
        DrillTopology.start(
            Path.of(get("logs", "bench-results/logs")), integer("workers", 2), ackWait)) {
      for (String drill : drills) {
        outcomes.add(drill(topology, drill.trim(), ackWait));
      }
    }
    System.out.println(table(outcomes));
    return outcomes.stream().allMatch(Outcome::passed);
  }

  private Outcome drill(DrillTopology topology, String drill, Duration ackWait) throws Exception {
    String prefix =
        switch (drill) {
          case "worker-kill" -> "wkill";
          case "nats-restart" -> "natsrestart";
          case "postgres-restart" -> "pgrestart";
          case "bad-input" -> "badinput";
          default ->
              throw new IllegalArgumentException(
                  "unknown drill "
                      + drill
                      + " (worker-kill, nats-restart, postgres-restart, bad-input)");
        };
    Duration duration = Duration.ofSeconds(integer("seconds", 24));
    LoadDriver.Settings settings =
        new LoadDriver.Settings(
            prefix,
            decimal("rate", 300),
            integer("spans-per-request", 10),
            integer("concurrency", 8),
            duration,
            0.25,
            8,
            0,
            Duration.ZERO,
            Duration.ZERO,
            true);
    log(
        "drill "
            + drill
            + ": "
            + settings.spansPerSecond()
            + " spans/s for "
            + duration.toSeconds()
            + "s");
    List<String> fault = new ArrayList<>();
    Map<String, Map<Integer, Integer>> badInput = new ConcurrentHashMap<>();
    List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    Set<String> extraAcked = ConcurrentHashMap.newKeySet();
    Thread injector =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    TimeUnit.MILLISECONDS.sleep(duration.toMillis() / 3);
                    switch (drill) {
                      case "worker-kill" -> {
                        fault.add("SIGKILL " + topology.killWorker());
                        TimeUnit.SECONDS.sleep(2);
                        topology.startWorker();
                        fault.add("replacement worker started 2 s later");
                      }
                      case "nats-restart" -> {
                        topology.killAndRestartNats(Duration.ofSeconds(3));
                        fault.add("nats-server SIGKILLed, restarted after 3 s");
                      }
                      case "postgres-restart" -> {
                        topology.restartPostgres(Duration.ofSeconds(5));
                        fault.add("PostgreSQL stopped (fast), restarted after 5 s");
                      }
                      default -> {
                        fault.add("bad requests sent throughout the load");
                      }
                    }
                    log("  fault: " + String.join("; ", fault));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (RuntimeException e) {
                    fault.add("FAULT INJECTION FAILED: " + e);
                    log("  fault injection failed: " + e);
                  }
                });
    Thread corpus =
        drill.equals("bad-input")
            ? Thread.ofVirtual()
                .start(
                    () ->
                        sendCorpus(
                            topology.ingestUri(), duration, badInput, violations, extraAcked))
            : null;
    LoadDriver.Result load = new LoadDriver(http, topology.ingestUri(), null).run(settings);
    injector.join();
    if (corpus != null) {
      corpus.join();
    }
    Set<String> acked = new HashSet<>(load.ackedKeys());
    acked.addAll(extraAcked);
    // Everything acknowledged must arrive; a killed worker's batch comes back after ack-wait.
    long settleStart = System.nanoTime();
    long deadline =
        settleStart + ackWait.toNanos() + Duration.ofSeconds(integer("settle", 90)).toNanos();
    DrillCheck check = null;
    while (true) {
      try {
        check = DrillCheck.read(topology.jdbcUrl(), prefix, acked);
        if (check.missing() == 0
            && check.summarySpans() == check.stored()
            && check.rollupSpans() == check.stored()) {
          // A last batch may still be in flight: settle a little and read again.
          TimeUnit.SECONDS.sleep(2);
          check = DrillCheck.read(topology.jdbcUrl(), prefix, acked);
          break;
        }
      } catch (java.sql.SQLException e) {
        // PostgreSQL still coming back
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    if (check == null) {
      check = DrillCheck.read(topology.jdbcUrl(), prefix, acked);
    }
    double settle = (System.nanoTime() - settleStart) / 1e9;
    for (ChildJvm p : topology.died()) {
      violations.add(p.name() + " died (log " + p.log() + "): " + p.tail(5));
    }
    Outcome o =
        new Outcome(
            drill,
            String.join("; ", fault),
            load,
            check,
            acked.size(),
            badInput,
            violations,
            settle);
    log(
        String.format(
            Locale.ROOT,
            "  %s: acked %d, stored %d, missing %d, duplicates %d, 5xx %d -> %s",
            drill,
            o.acked(),
            check.stored(),
            check.missing(),
            check.duplicates(),
            load.count5xx(),
            o.passed() ? "PASS" : "FAIL"));
    return o;
  }

  /** Sends every corpus case in turn until the load window ends, recording the status of each. */
  private void sendCorpus(
      URI ingest,
      Duration duration,
      Map<String, Map<Integer, Integer>> statuses,
      List<String> violations,
      Set<String> acked) {
    long end = System.nanoTime() + duration.toNanos();
    TrafficGenerator generator = new TrafficGenerator(7, "badinput-");
    List<BadInputCorpus.Case> fixed = BadInputCorpus.cases();
    int round = 0;
    while (System.nanoTime() < end) {
      List<BadInputCorpus.Case> cases = new ArrayList<>(fixed);
      cases.add(BadInputCorpus.mixed(generator, false));
      cases.add(BadInputCorpus.mixed(generator, true));
      for (BadInputCorpus.Case c : cases) {
        HttpRequest.Builder b =
            HttpRequest.newBuilder(ingest)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", c.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentEncoding() != null) {
          b.header("Content-Encoding", c.contentEncoding());
        }
        int status;
        String body = "";
        try {
          HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
          status = r.statusCode();
          body = r.body();
        } catch (java.io.IOException e) {
          status = -1; // the server may close the connection on an oversized body; not a 5xx
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        statuses.computeIfAbsent(c.name(), k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        if (status == 200 && !c.validKeys().isEmpty()) {
          acked.addAll(c.validKeys());
        }
        if (status >= 500 || (status >= 0 && !c.acceptable().contains(status))) {
          String v =
              c.name()
                  + " -> "
                  + status
                  + " (expected "
                  + c.acceptable()
                  + ")"
                  + (status >= 500 ? ": " + body.substring(0, Math.min(200, body.length())) : "");
          if (!violations.contains(v)) {
            violations.add(v);
          }
        }
      }
      round++;
      try {
        TimeUnit.MILLISECONDS.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    log("  bad-input corpus: " + round + " rounds of " + (fixed.size() + 2) + " requests");
  }

  private static String table(List<Outcome> outcomes) {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%nLumina fault drills %s%n%-17s %7s %7s %7s %7s %5s %6s %8s %8s %5s %5s %5s %5s  %s%n",
                Instant.now().toString().substring(0, 19),
                "drill",
                "sent",
                "acked",
                "stored",
                "missing",
                "dup",
                "extra",
                "summary",
                "rollup",
                "5xx",
                "500",
                "4xx",
                "conn",
                "verdict"));
    for (Outcome o : outcomes) {
      DrillCheck c = o.check();
      sb.append(
          String.format(
              Locale.ROOT,
              "%-17s %7d %7d %7d %7d %5d %6d %8d %8d %5d %5d %5d %5d  %s%n",
              o.drill(),
              o.load().sentSpans(),
              o.acked(),
              c.stored(),
              c.missing(),
              c.duplicates(),
              c.unacknowledgedStored(),
              c.summarySpans(),
              c.rollupSpans(),
              o.load().count5xx(),
              o.load().statuses().getOrDefault(500, 0L),
              o.load().count4xx(),
              o.load().connectionErrors(),
              o.passed() ? "PASS" : "FAIL"));
    }
    sb.append(
        """
        sent/acked = spans sent / acknowledged with 200 (after client retries); stored = span rows of the drill;
        missing = acknowledged but not stored; dup = extra rows of one span; extra = stored though never
        acknowledged (allowed: at-least-once); summary/rollup = spans counted by trace summaries / hourly
        rollups (must equal stored); 5xx/4xx/conn = answers to the load (every attempt) and connection errors.
        """);
    for (Outcome o : outcomes) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s: %s; statuses %s; settled %.1fs after the load%n",
              o.drill(),
              o.fault(),
              o.load().statuses(),
              o.settleSeconds()));
      o.badInput()
          .forEach((k, v) -> sb.append("    ").append(k).append(": ").append(v).append('\n'));
      if (o.check().invalidStored() > 0) {
        sb.append("    INVALID SPANS STORED: ").append(o.check().invalidStored()).append('\n');
      }
      o.badInputViolations().forEach(v -> sb.append("    VIOLATION: ").append(v).append('\n'));
    }
    return sb.toString();
  }

  static void log(String message) {
    System.err.println("[drills " + Instant.now().toString().substring(11, 19) + "] " + message);
  }

  private String get(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  private int integer(String key, int fallback) {
    return Integer.parseInt(get(key, Integer.toString(fallback)));
  }

  private double decimal(String key, double fallback) {
    return Double.parseDouble(get(key, Double.toString(fallback)));
  }
}
