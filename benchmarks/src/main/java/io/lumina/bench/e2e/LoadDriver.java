package io.lumina.bench.e2e;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends generated OTLP requests to ingestion for a fixed time, open loop at a given span rate (or
 * as fast as {@code concurrency} connections allow), and records what clients see: status codes,
 * latency of every request, which spans were acknowledged (200, minus {@code
 * partial_success.rejected_spans}), and, for a sample of acknowledged traces, how long until the
 * query API returns them whole.
 *
 * <p>Latency is measured from just before {@code send} to the end of the response body. When the
 * pacer falls behind (server slower than the schedule) requests go out late and that wait is not in
 * the latency; the achieved rate in the result shows when this happened.
 */
public final class LoadDriver {
  private static final Pattern SPAN_COUNT = Pattern.compile("\"spanCount\"\\s*:\\s*(\\d+)");
  private static final Pattern REJECTED = Pattern.compile("\"rejectedSpans\"\\s*:\\s*\"?(\\d+)");

  /**
   * @param phase name shown in the results; also the {@code service.name} prefix of its spans
   * @param spansPerSecond target rate; 0 sends as fast as the connections allow
   * @param retries attempts after a 429/502/503/504 or a connection error, as OTLP exporters retry:
   *     after the server's {@code Retry-After} when it sends one, else after an exponential backoff
   *     (250 ms doubling, at most 4 s); never past the phase's end. 0: a refusal is final
   * @param probesPerSecond acknowledged traces per second followed until queryable; 0 for none
   * @param keepKeys whether to keep every acknowledged span key (drills compare them with the
   *     database)
   */
  public record Settings(
      String phase,
      double spansPerSecond,
      int spansPerRequest,
      int concurrency,
      Duration duration,
      double jsonShare,
      int retries,
      double probesPerSecond,
      Duration probeInterval,
      Duration probeTimeout,
      boolean keepKeys) {}

  /** What one phase saw from the client side. */
  public record Result(
      Settings settings,
      long startMillis,
      long endMillis,
      long requests,
      long acceptedSpans,
      long rejectedSpans,
      long sentSpans,
      Map<Integer, Long> statuses,
      long connectionErrors,
      long[] latencyNanos,
      long[] queryableNanos,
      long probeTimeouts,
      Set<String> ackedKeys) {

    public double seconds() {
      return (endMillis - startMillis) / 1000.0;
    }

    public long count4xx() {
      return statuses.entrySet().stream()
          .filter(e -> e.getKey() >= 400 && e.getKey() < 500)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    public long count5xx() {
      return statuses.entrySet().stream()
          .filter(e -> e.getKey() >= 500)
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  private final HttpClient http;
  private final URI ingest;
  private final URI queryApi;

  /**
   * @param queryApi base URI of the query API, null when no probes are wanted
   */
  public LoadDriver(HttpClient http, URI ingest, URI queryApi) {
    this.http = http;
    this.ingest = ingest;
    this.queryApi = queryApi;
  }

  public Result run(Settings s) throws InterruptedException {
    AtomicLong sequence = new AtomicLong();
    AtomicLong nextProbe = new AtomicLong();
    LongAdder requests = new LongAdder();
    LongAdder accepted = new LongAdder();
    LongAdder rejected = new LongAdder();
    LongAdder sent = new LongAdder();
    LongAdder connectionErrors = new LongAdder();
    LongAdder probeTimeouts = new LongAdder();
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    Set<String> acked = s.keepKeys() ? ConcurrentHashMap.newKeySet() : Set.of();
    List<long[]> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Long> queryable = java.util.Collections.synchronizedList(new ArrayList<>());
    double requestsPerSecond = s.spansPerSecond() / s.spansPerRequest();
    long intervalNanos = s.spansPerSecond() > 0 ? (long) (1e9 / requestsPerSecond) : 0;
    long probePeriod =
        s.probesPerSecond() > 0 ? (long) (1e9 / s.probesPerSecond()) : Long.MAX_VALUE;
    long start = System.nanoTime();
    long end = start + s.duration().toNanos();
    nextProbe.set(start);
    long startMillis = System.currentTimeMillis();
    long loadEndMillis;

    try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
      try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < s.concurrency(); w++) {
          long seed = startMillis * 31 + w;
          senders.submit(
              () -> {
                TrafficGenerator generator = new TrafficGenerator(seed, s.phase() + "-");
                long[] mine = new long[1024];
                int n = 0;
                while (true) {
                  long i = sequence.getAndIncrement();
                  long due = start + i * intervalNanos;
                  if (due >= end || System.nanoTime() >= end) {
                    break;
                  }
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    LockSupport.parkNanos(wait);
                  }
                  TrafficGenerator.Batch batch = generator.next(s.spansPerRequest());
                  boolean json = (i % 100) < Math.round(s.jsonShare() * 100);
                  byte[] body =
                      json ? OtlpJson.encode(batch.request()) : batch.request().toByteArray();
                  Outcome outcome = null;
                  for (int attempt = 0; attempt <= s.retries(); attempt++) {
                    long t0 = System.nanoTime();
                    outcome = send(body, json);
                    long took = System.nanoTime() - t0;
                    requests.increment();
                    if (n == mine.length) {
                      mine = java.util.Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = took;
                    if (outcome.status() < 0) {
                      connectionErrors.increment();
                    } else {
                      statuses.computeIfAbsent(outcome.status(), k -> new LongAdder()).increment();
                    }
                    if (!outcome.retryable() || attempt == s.retries()) {
                      break;
                    }
                    long pause =
                        outcome.retryAfterSeconds() > 0
                            ? TimeUnit.SECONDS.toNanos(outcome.retryAfterSeconds())
                            : TimeUnit.MILLISECONDS.toNanos(Math.min(4000, 250L << attempt));
                    if (System.nanoTime() + pause >= end) {
                      break;
                    }
                    TimeUnit.NANOSECONDS.sleep(pause);
                  }
                  sent.add(batch.spans());
                  if (outcome.status() == 200) {
                    accepted.add(batch.spans() - outcome.rejected());
                    rejected.add(outcome.rejected());
                    if (s.keepKeys() && outcome.rejected() == 0) {
                      acked.addAll(batch.spanKeys());
                    }
                    long now = System.nanoTime();
                    long slot = nextProbe.get();
                    if (queryApi != null
                        && now >= slot
                        && nextProbe.compareAndSet(slot, now + probePeriod)) {
                      String traceId = batch.traceIds().getFirst();
                      int expected = Math.min(TrafficGenerator.SPANS_PER_TRACE, batch.spans());
                      probes.submit(
                          () -> {
                            long delay =
                                awaitQueryable(
                                    traceId, expected, now, s.probeInterval(), s.probeTimeout());
                            if (delay < 0) {
                              probeTimeouts.increment();
                            } else {
                              queryable.add(delay);
                            }
                            return null;
                          });
                    }
                  }
                }
                latencies.add(java.util.Arrays.copyOf(mine, n));
                return null;
              });
        }
      }
      // Sender executor closed: the load window is over. Probes finish (or time out) below.
      loadEndMillis = System.currentTimeMillis();
    }
    Map<Integer, Long> statusCounts = new java.util.TreeMap<>();
    statuses.forEach((k, v) -> statusCounts.put(k, v.sum()));
    long[] all = latencies.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    long[] q = queryable.stream().mapToLong(Long::longValue).toArray();
    return new Result(
        s,
        startMillis,
        loadEndMillis,
        requests.sum(),
        accepted.sum(),
        rejected.sum(),
        sent.sum(),
        statusCounts,
        connectionErrors.sum(),
        all,
        q,
        probeTimeouts.sum(),
        acked);
  }

  private record Outcome(int status, long rejected, long retryAfterSeconds) {
    boolean retryable() {
      return status < 0 || status == 429 || status == 502 || status == 503 || status == 504;
    }
  }

  private Outcome send(byte[] body, boolean json) {
    HttpRequest request =
        HttpRequest.newBuilder(ingest)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", json ? "application/json" : "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      long rejected = 0;
      if (response.statusCode() == 200) {
        rejected =
            json
                ? jsonRejected(response.body())
                : ExportTraceServiceResponse.parseFrom(response.body())
                    .getPartialSuccess()
                    .getRejectedSpans();
      }
      return new Outcome(response.statusCode(), rejected, retryAfterSeconds(response));
    } catch (IOException e) {
      return new Outcome(-1, 0, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(-1, 0, 0);
    }
  }

  /** The delay-seconds form of {@code Retry-After} (the one ingestion sends), 0 when absent. */
  private static long retryAfterSeconds(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .filter(v -> v.matches("\\d{1,6}"))
        .map(Long::parseLong)
        .orElse(0L);
  }

  private static long jsonRejected(byte[] body) {
    Matcher m = REJECTED.matcher(new String(body, StandardCharsets.UTF_8));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /**
   * Polls {@code GET /api/traces/{id}} until it returns the trace with all {@code expected} spans
   * (by its summary's span count: the detail is paged, a large trace has more than one page);
   * returns nanoseconds from {@code ackedAt} (the 200 from ingestion), or -1 on timeout.
   */
  private long awaitQueryable(
      String traceId, int expected, long ackedAt, Duration interval, Duration timeout)
      throws InterruptedException {
    URI uri = queryApi.resolve("/api/traces/" + traceId);
    long deadline = ackedAt + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && storedSpans(r.body()) >= expected) {
          return System.nanoTime() - ackedAt;
        }
      } catch (IOException e) {
        // query API busy or restarting: keep polling until the deadline
      }
      TimeUnit.NANOSECONDS.sleep(interval.toNanos());
    }
    return -1;
  }

  /**
   * The spans stored for the trace: its summary's {@code spanCount}, or the spans of the page when
   * there is no summary yet.
   */
  static int storedSpans(String body) {
    Matcher m = SPAN_COUNT.matcher(body);
    return m.find() ? Integer.parseInt(m.group(1)) : countSpanIds(body);
  }

  /** Spans in a trace detail document: every object of the span tree carries one "spanId". */
  static int countSpanIds(String body) {
    int count = 0;
    for (int i = body.indexOf("\"spanId\""); i >= 0; i = body.indexOf("\"spanId\"", i + 8)) {
      count++;
    }
    return count;
  }
}
