package io.lumina.bench.ingest;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load generator for a running ingestion service: closed-loop clients POST OTLP/HTTP export
 * requests (protobuf, then JSON) for a fixed time and report requests/s, spans/s and latency
 * percentiles. In the same run, the same clients against a trivial local HTTP endpoint (reads the
 * body, answers 200) give the ceiling of the client and the loopback HTTP stack on this machine,
 * and a parse-only loop gives the cost of protobuf decoding alone, so the service's figures can be
 * read against both.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat cp.txt) io.lumina.bench.ingest.IngestLoadGenerator \
 *     --url=http://127.0.0.1:9411/v1/traces --seconds=20 --concurrency=8 --spans=50
 * </pre>
 *
 * Every request carries fresh random ids, so JetStream's duplicate window never drops one. Run the
 * service with {@code DAILY_TRACE_LIMIT=0}, or the daily limit turns the run into a 429 benchmark.
 */
public final class IngestLoadGenerator {
  private static final HexFormat HEX = HexFormat.of();

  private IngestLoadGenerator() {}

  record Settings(URI url, int seconds, int warmupSeconds, int concurrency, int spansPerRequest) {}

  record Result(
      String name,
      long requests,
      long spans,
      long errors,
      Map<Integer, Long> statuses,
      double seconds,
      long p50Micros,
      long p99Micros) {
    void print() {
      System.out.printf(
          "%-28s %10.0f req/s %12.0f spans/s   p50 %7.2f ms   p99 %7.2f ms   statuses %s%n",
          name,
          requests / seconds,
          spans / seconds,
          p50Micros / 1000.0,
          p99Micros / 1000.0,
          statuses);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(
          arg.substring(2, eq < 0 ? arg.length() : eq), eq < 0 ? "true" : arg.substring(eq + 1));
    }
    Settings settings =
        new Settings(
            URI.create(options.getOrDefault("url", "http://127.0.0.1:9411/v1/traces")),
            Integer.parseInt(options.getOrDefault("seconds", "20")),
            Integer.parseInt(options.getOrDefault("warmup", "5")),
            Integer.parseInt(options.getOrDefault("concurrency", "8")),
            Integer.parseInt(options.getOrDefault("spans", "50")));
    System.out.printf(
        "ingest load: %s, %d s per phase after %d s warm-up, %d clients, %d spans/request, %d cores%n",
        settings.url(),
        settings.seconds(),
        settings.warmupSeconds(),
        settings.concurrency(),
        settings.spansPerRequest(),
        Runtime.getRuntime().availableProcessors());

    List<Result> results = new ArrayList<>();
    results.add(parseOnly(settings));
    HttpServer trivial = trivialEndpoint();
    try {
      URI baseline =
          URI.create("http://127.0.0.1:" + trivial.getAddress().getPort() + "/v1/traces");
      results.add(run("baseline protobuf (trivial)", baseline, false, settings));
      results.add(run("baseline json (trivial)", baseline, true, settings));
    } finally {
      trivial.stop(0);
    }
    results.add(run("ingestion protobuf", settings.url(), false, settings));
    results.add(run("ingestion json", settings.url(), true, settings));
    System.out.println();
    results.forEach(Result::print);
  }

  /** Closed loop: each client sends its next request when the previous one was answered. */
  static Result run(String name, URI url, boolean json, Settings settings) throws Exception {
    String contentType = json ? "application/json" : "application/x-protobuf";
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    LongAdder requests = new LongAdder();
    LongAdder spans = new LongAdder();
    LongAdder errors = new LongAdder();
    Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    Histogram latency = new Histogram();
    AtomicLong measuringFrom = new AtomicLong(Long.MAX_VALUE);
    long start = System.nanoTime();
    long warmupEnd = start + Duration.ofSeconds(settings.warmupSeconds()).toNanos();
    long end = warmupEnd + Duration.ofSeconds(settings.seconds()).toNanos();
    measuringFrom.set(warmupEnd);
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < settings.concurrency(); c++) {
      long seed = c;
      clients.add(
          Thread.ofPlatform()
              .name("client-" + c)
              .start(
                  () -> {
                    SplittableRandom random = new SplittableRandom(seed * 7919 + System.nanoTime());
                    while (System.nanoTime() < end) {
                      ExportTraceServiceRequest request =
                          request(random, settings.spansPerRequest());
                      byte[] body = json ? json(request) : request.toByteArray();
                      long sent = System.nanoTime();
                      int status;
                      try {
                        status =
                            client
                                .send(
                                    HttpRequest.newBuilder(url)
                                        .header("Content-Type", contentType)
                                        .timeout(Duration.ofSeconds(30))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                    HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                      } catch (IOException e) {
                        status = -1;
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                      }
                      long done = System.nanoTime();
                      if (sent >= measuringFrom.get() && done < end) {
                        requests.increment();
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        if (status == 200) {
                          spans.add(settings.spansPerRequest());
                        } else {
                          errors.increment();
                        }
                        latency.record((done - sent) / 1000);
                      }
                    }
                  }));
    }
    for (Thread t : clients) {
      t.join();
    }
    client.close();
    Map<Integer, Long> counts = new HashMap<>();
    statuses.forEach((k, v) -> counts.put(k, v.sum()));
    return new Result(
        name,
        requests.sum(),
        spans.sum(),
        errors.sum(),
        counts,
        settings.seconds(),
        latency.percentile(0.50),
        latency.percentile(0.99));
  }

  /** The floor of any receiver: decoding the same protobuf bodies on one thread, nothing else. */
  static Result parseOnly(Settings settings) throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      bodies.add(request(random, settings.spansPerRequest()).toByteArray());
    }
    long count = 0;
    long end = System.nanoTime() + Duration.ofSeconds(Math.min(5, settings.seconds())).toNanos();
    long start = System.nanoTime();
    while (System.nanoTime() < end) {
      ExportTraceServiceRequest.parseFrom(bodies.get((int) (count++ & 255)))
          .getResourceSpansCount();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        "protobuf parse only (1 thread)",
        count,
        count * settings.spansPerRequest(),
        0,
        Map.of(),
        seconds,
        0,
        0);
  }

  /** Reads the body and answers 200 {@code {}}: what HTTP alone costs on this machine. */
  static HttpServer trivialEndpoint() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/v1/traces",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    server.start();
    return server;
  }

  /**
   * Traces of five spans (a root and four LLM-call children) with GenAI attributes and fresh ids.
   */
  static ExportTraceServiceRequest request(SplittableRandom random, int spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    ByteString trace = null;
    ByteString root = null;
    long start = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < spans; i++) {
      ByteString id = id(random, 8);
      Span.Builder span =
          Span.newBuilder()
              .setSpanId(id)
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + 250_000_000L + random.nextInt(1_000_000));
      if (i % 5 == 0) {
        trace = id(random, 16);
        root = id;
        span.setTraceId(trace).setName("POST /chat").setKind(Span.SpanKind.SPAN_KIND_SERVER);
      } else {
        span.setTraceId(trace)
            .setParentSpanId(root)
            .setName("chat gpt-4o")
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .addAttributes(string("gen_ai.system", "openai"))
            .addAttributes(string("gen_ai.request.model", "gpt-4o-2024-08-06"))
            .addAttributes(integer("gen_ai.usage.input_tokens", 200 + random.nextInt(2000)))
            .addAttributes(integer("gen_ai.usage.output_tokens", 50 + random.nextInt(500)))
            .addAttributes(
                string(
                    "gen_ai.prompt",
                    "Summarize the customer's last three support tickets in one "
                        + "paragraph, naming the product and the resolution of each."))
            .addAttributes(
                string(
                    "gen_ai.completion",
                    "The customer reported a billing error on the Pro plan "
                        + "(refunded), a sync failure in the desktop app (fixed in 4.2) and a login loop (cleared cache)."));
      }
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder().addAttributes(string("service.name", "bench-chat")))
                .addScopeSpans(scope))
        .build();
  }

  /** OTLP JSON as exporters write it: hex ids, lowerCamelCase names, 64-bit integers as strings. */
  static byte[] json(ExportTraceServiceRequest request) {
    StringBuilder out = new StringBuilder(request.getSerializedSize() * 2);
    out.append("{\"resourceSpans\":[");
    for (int r = 0; r < request.getResourceSpansCount(); r++) {
      ResourceSpans rs = request.getResourceSpans(r);
      out.append(r > 0 ? "," : "").append("{\"resource\":{\"attributes\":");
      attributes(out, rs.getResource().getAttributesList());
      out.append("},\"scopeSpans\":[");
      for (int s = 0; s < rs.getScopeSpansCount(); s++) {
        out.append(s > 0 ? "," : "").append("{\"spans\":[");
        List<Span> spans = rs.getScopeSpans(s).getSpansList();
        for (int i = 0; i < spans.size(); i++) {
          Span span = spans.get(i);
          out.append(i > 0 ? "," : "")
              .append("{\"traceId\":\"")
              .append(HEX.formatHex(span.getTraceId().toByteArray()))
              .append("\",\"spanId\":\"")
              .append(HEX.formatHex(span.getSpanId().toByteArray()))
              .append('"');
          if (!span.getParentSpanId().isEmpty()) {
            out.append(",\"parentSpanId\":\"")
                .append(HEX.formatHex(span.getParentSpanId().toByteArray()))
                .append('"');
          }
          out.append(",\"name\":\"")
              .append(span.getName())
              .append("\",\"kind\":")
              .append(span.getKindValue())
              .append(",\"startTimeUnixNano\":\"")
              .append(span.getStartTimeUnixNano())
              .append("\",\"endTimeUnixNano\":\"")
              .append(span.getEndTimeUnixNano())
              .append("\",\"attributes\":");
          attributes(out, span.getAttributesList());
          out.append('}');
        }
        out.append("]}");
      }
      out.append("]}");
    }
    return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void attributes(StringBuilder out, List<KeyValue> attributes) {
    out.append('[');
    for (int i = 0; i < attributes.size(); i++) {
      KeyValue kv = attributes.get(i);
      out.append(i > 0 ? "," : "")
          .append("{\"key\":\"")
          .append(kv.getKey())
          .append("\",\"value\":{");
      if (kv.getValue().hasIntValue()) {
        out.append("\"intValue\":\"").append(kv.getValue().getIntValue()).append('"');
      } else {
        // the generated strings hold no character JSON must escape
        out.append("\"stringValue\":\"").append(kv.getValue().getStringValue()).append('"');
      }
      out.append("}}");
    }
    out.append(']');
  }

  private static ByteString id(SplittableRandom random, int bytes) {
    byte[] id = new byte[bytes];
    random.nextBytes(id);
    id[0] |= 1;
    return ByteString.copyFrom(id);
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue integer(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  /**
   * Latencies in microseconds, in power-of-two-ish buckets fine enough for p50 and p99 (about 3%).
   */
  static final class Histogram {
    private final LongAdder[] buckets = new LongAdder[64 * 32];

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(long micros) {
      buckets[index(Math.max(1, micros))].increment();
    }

    long percentile(double p) {
      long total = 0;
      for (LongAdder b : buckets) {
        total += b.sum();
      }
      long target = (long) Math.ceil(total * p);
      long seen = 0;
      for (int i = 0; i < buckets.length; i++) {
        seen += buckets[i].sum();
        if (seen >= target && total > 0) {
          return value(i);
        }
      }
      return 0;
    }

    private static int index(long v) {
      int exp = 63 - Long.numberOfLeadingZeros(v);
      int sub = exp < 5 ? 0 : (int) ((v >>> (exp - 5)) & 31);
      return exp * 32 + sub;
    }

    private static long value(int index) {
      int exp = index / 32;
      int sub = index % 32;
      return exp < 5 ? 1L << exp : (1L << exp) + ((long) sub << (exp - 5));
    }
  }
}
