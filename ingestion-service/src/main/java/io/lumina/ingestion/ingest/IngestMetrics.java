package io.lumina.ingestion.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ingestion's meters, on {@code /actuator/prometheus}: requests by protocol and status (so 429 and
 * 503 counts are {@code lumina_ingest_requests_total{status="429"}}), accepted spans, rejected
 * spans by reason, decoded request sizes, request durations on the HTTP receivers and publish
 * latency.
 */
public final class IngestMetrics {
  private final MeterRegistry registry;
  private final Timer publishLatency;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> sizes = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.publishLatency =
        Timer.builder("lumina.ingest.publish.latency")
            .description(
                "Time from publishing a request's messages to the last JetStream acknowledgement")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** One answered request; {@code protocol} is otlp-protobuf, otlp-json or zipkin. */
  public void request(String protocol, int status) {
    request(protocol, Integer.toString(status));
  }

  /**
   * One answered request, by HTTP status or, for {@code otlp-grpc}, by gRPC status code name (OK,
   * UNAVAILABLE, ...).
   */
  public void request(String protocol, String status) {
    counter("lumina.ingest.requests", "protocol", protocol, "status", status).increment();
  }

  public void requestSize(String protocol, int bytes) {
    sizes
        .computeIfAbsent(
            protocol,
            p ->
                DistributionSummary.builder("lumina.ingest.request.size")
                    .description("Request body size after Content-Encoding was undone")
                    .baseUnit("bytes")
                    .tag("protocol", p)
                    .register(registry))
        .record(bytes);
  }

  /**
   * How long an HTTP receiver took to answer, from the controller's start (the body is read there)
   * to its answer; these endpoints have no {@code http.server.requests} observation.
   */
  public void requestDuration(String protocol, long nanos) {
    durations
        .computeIfAbsent(
            protocol,
            p ->
                Timer.builder("lumina.ingest.request.duration")
                    .description("Time an HTTP receiver took from reading the body to its answer")
                    .tag("protocol", p)
                    .publishPercentileHistogram()
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void accepted(String protocol, int spans) {
    if (spans > 0) {
      counter("lumina.ingest.spans.accepted", "protocol", protocol, null, null).increment(spans);
    }
  }

  /**
   * Spans not kept, by reason: the validation rules, or the whole request refused (daily_limit,
   * ...).
   */
  public void rejected(String reason, int spans) {
    if (spans > 0) {
      counter("lumina.ingest.spans.rejected", "reason", reason, null, null).increment(spans);
    }
  }

  public void truncated(int values) {
    if (values > 0) {
      counter("lumina.ingest.attributes.truncated", null, null, null, null).increment(values);
    }
  }

  public void publishLatency(long nanos) {
    publishLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter counter(String name, String k1, String v1, String k2, String v2) {
    String id = name + '|' + v1 + '|' + v2;
    return counters.computeIfAbsent(
        id,
        key -> {
          Counter.Builder builder = Counter.builder(name);
          if (k1 != null) {
            builder.tag(k1, v1);
          }
          if (k2 != null) {
            builder.tag(k2, v2);
          }
          return builder.register(registry);
        });
  }
}
