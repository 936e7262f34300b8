package io.lumina.ingestion.ingest;

import io.lumina.ingestion.backlog.BacklogAdmission;
import io.lumina.ingestion.limits.DailyTraceLimiter;
import io.lumina.ingestion.publish.SpanPublisher;
import io.lumina.ingestion.web.BodyRejectedException;
import io.lumina.ingestion.web.InFlightBudget;
import io.lumina.queue.QueueUnavailableException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The path every decoded request takes, whatever its protocol: check the queue's backlog, validate
 * and trim spans, check the daily trace limit, publish, and wait for the queue's acknowledgement
 * before anything is called accepted.
 */
public final class SpanIngestor {
  private final SpanValidator validator;
  private final DailyTraceLimiter limiter;
  private final SpanPublisher publisher;
  private final BacklogAdmission backlog;
  private final IngestMetrics metrics;
  private final int maxSpansPerRequest;
  private final long retryAfterSeconds;

  public SpanIngestor(
      SpanLimits limits,
      int maxSpansPerRequest,
      DailyTraceLimiter limiter,
      SpanPublisher publisher,
      BacklogAdmission backlog,
      IngestMetrics metrics,
      long retryAfterSeconds) {
    this.validator = new SpanValidator(limits);
    this.limiter = limiter;
    this.publisher = publisher;
    this.backlog = backlog;
    this.metrics = metrics;
    this.maxSpansPerRequest = maxSpansPerRequest;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int maxSpansPerRequest() {
    return maxSpansPerRequest;
  }

  /**
   * @param request a serialized {@code ExportTraceServiceRequest}: the body as received, or what
   *     JSON and Zipkin requests were converted to
   * @param lease the request's share of the in-flight budget, charged for any span that has to be
   *     parsed and written again
   * @throws BodyRejectedException 400 for a body that is not an OTLP request, 413 for one with more
   *     than {@link #maxSpansPerRequest} spans (a smaller batch will pass), 503 when the lease
   *     cannot grow
   */
  public Outcome ingest(String project, byte[] request, String protocol, InFlightBudget.Lease lease)
      throws InterruptedException, BodyRejectedException {
    // First, so a refused request costs no validation: under overload the CPU goes to draining.
    Optional<String> overloaded = backlog.refusal();
    if (overloaded.isPresent()) {
      return new Outcome.Refused(503, overloaded.get(), retryAfterSeconds);
    }
    SpanValidator.Result result = validator.validate(request, maxSpansPerRequest, lease);
    for (Map.Entry<Rejection, Integer> e : result.rejected().entrySet()) {
      metrics.rejected(e.getKey().tag(), e.getValue());
    }
    metrics.truncated(result.truncatedValues());
    if (result.acceptedSpans() == 0) {
      return new Outcome.Accepted(0, result.rejectedSpans(), result.message());
    }
    if (result.changed()) {
      lease.charge(request.length); // the request written again, at most as long as received
    }
    SpanPublisher.Prepared prepared = publisher.prepare(result.layout());
    int accepted = result.acceptedSpans() - prepared.oversizedSpans();
    int rejected = result.rejectedSpans() + prepared.oversizedSpans();
    metrics.rejected("span_too_large", prepared.oversizedSpans());
    String message =
        join(
            result.message(),
            prepared.oversizedSpans() == 0
                ? null
                : "rejected "
                    + prepared.oversizedSpans()
                    + " spans over the queue's message size (first: "
                    + prepared.oversizedExample()
                    + ")");
    if (accepted == 0) {
      return new Outcome.Accepted(0, rejected, message);
    }

    DailyTraceLimiter.Decision decision = limiter.reserve(project, result.newTraces());
    if (decision instanceof DailyTraceLimiter.Refused refused) {
      metrics.rejected("daily_limit", accepted);
      return new Outcome.Refused(429, refused.message(), refused.retryAfterSeconds());
    }
    long start = System.nanoTime();
    try {
      publisher.publish(project, prepared.payloads()).get();
      metrics.publishLatency(System.nanoTime() - start);
    } catch (ExecutionException e) {
      limiter.release(decision);
      metrics.rejected("queue_unavailable", accepted);
      String why =
          e.getCause() instanceof QueueUnavailableException unavailable
              ? unavailable.getMessage()
              : "publish failed: " + e.getCause();
      return new Outcome.Refused(
          503, "span queue unavailable, retry later (" + why + ")", retryAfterSeconds);
    } catch (InterruptedException e) {
      limiter.release(decision);
      throw e;
    }
    metrics.accepted(protocol, accepted);
    return new Outcome.Accepted(accepted, rejected, message);
  }

  private static String join(String a, String b) {
    return a == null ? b : b == null ? a : a + ". " + b;
  }
}
