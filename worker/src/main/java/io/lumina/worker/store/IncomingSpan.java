package io.lumina.worker.store;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * One span on its way to the database: the OTLP span as received plus what Lumina made of it. Holds
 * references only; the COPY encoder reads the protobuf directly.
 */
public record IncomingSpan(
    String projectId,
    long receivedAtMillis,
    Resource resource,
    String serviceName,
    String scopeName,
    Span span,
    NormalizedSpan normalized,
    Cost cost) {}
