package io.lumina.storage.spans;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.LocalDate;

/**
 * One span on its way to the database: the OTLP span as received plus what Lumina made of it. Holds
 * references only; the COPY encoder reads the protobuf directly. {@code quality} is the span's
 * response-quality score when it was scored before the insert, null otherwise.
 */
public record IncomingSpan(
    String projectId,
    long receivedAtMillis,
    Resource resource,
    String serviceName,
    String scopeName,
    Span span,
    NormalizedSpan normalized,
    Cost cost,
    SpanQuality quality) {

  /** A span not scored before the insert. */
  public IncomingSpan(
      String projectId,
      long receivedAtMillis,
      Resource resource,
      String serviceName,
      String scopeName,
      Span span,
      NormalizedSpan normalized,
      Cost cost) {
    this(
        projectId,
        receivedAtMillis,
        resource,
        serviceName,
        scopeName,
        span,
        normalized,
        cost,
        null);
  }

  /** The same span with its quality score. */
  public IncomingSpan withQuality(SpanQuality score) {
    return new IncomingSpan(
        projectId,
        receivedAtMillis,
        resource,
        serviceName,
        scopeName,
        span,
        normalized,
        cost,
        score);
  }

  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  /** The UTC day of the span's start: the day partition it is stored in. */
  public LocalDate startDay() {
    return startDay(span.getStartTimeUnixNano());
  }

  public static LocalDate startDay(long startTimeUnixNano) {
    return LocalDate.ofEpochDay(Math.floorDiv(startTimeUnixNano, NANOS_PER_DAY));
  }
}
