package io.lumina.ingestion.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.lumina.ingestion.ingest.IngestMetrics;
import io.lumina.ingestion.ingest.Outcome;
import io.lumina.ingestion.ingest.SpanIngestor;
import io.lumina.ingestion.web.BodyRejectedException;
import io.lumina.ingestion.web.InFlightBudget;
import io.lumina.model.Projects;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

/**
 * {@code opentelemetry.proto.collector.trace.v1.TraceService/Export}: the same path as {@code POST
 * /v1/traces} with protobuf. The method descriptor is written here rather than taken from the
 * generated stub so the request stays bytes ({@link ReceivedRequest}) and is scanned, not parsed.
 * Answers only after the queue acknowledged; partial success as in OTLP/HTTP.
 */
final class OtlpGrpcService {
  static final String PROTOCOL = "otlp-grpc";

  private final SpanIngestor ingestor;
  private final IngestMetrics metrics;
  private final InFlightBudget budget;
  private final long maxBytes;
  private final long retryAfterSeconds;

  OtlpGrpcService(
      SpanIngestor ingestor,
      IngestMetrics metrics,
      InFlightBudget budget,
      long maxBytes,
      long retryAfterSeconds) {
    this.ingestor = ingestor;
    this.metrics = metrics;
    this.budget = budget;
    this.maxBytes = maxBytes;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  ServerServiceDefinition definition() {
    MethodDescriptor<ReceivedRequest, ExportTraceServiceResponse> export =
        MethodDescriptor.<ReceivedRequest, ExportTraceServiceResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(
                MethodDescriptor.generateFullMethodName(TraceServiceGrpc.SERVICE_NAME, "Export"))
            .setRequestMarshaller(new ReceivedRequest.Marshaller(budget, maxBytes))
            .setResponseMarshaller(
                ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
            .build();
    return ServerServiceDefinition.builder(TraceServiceGrpc.SERVICE_NAME)
        .addMethod(export, new Handler())
        .build();
  }

  /**
   * A unary call by hand, so the request's budget lease is given back however the call ends
   * (answered, cancelled, or a client sending two messages).
   */
  private final class Handler
      implements ServerCallHandler<ReceivedRequest, ExportTraceServiceResponse> {
    @Override
    public ServerCall.Listener<ReceivedRequest> startCall(
        ServerCall<ReceivedRequest, ExportTraceServiceResponse> call, Metadata headers) {
      String project = GrpcAuthentication.PROJECT.get();
      call.request(2); // a second message would be a client error, detected rather than left
      return new ServerCall.Listener<>() {
        private ReceivedRequest received;
        private boolean closed;

        @Override
        public void onMessage(ReceivedRequest message) {
          if (closed) {
            message.close();
            return;
          }
          if (received != null) {
            message.close();
            received.close();
            closed = true;
            call.close(
                Status.INVALID_ARGUMENT.withDescription(
                    "Export is unary: send one request per call"),
                new Metadata());
            return;
          }
          received = message;
        }

        @Override
        public void onHalfClose() {
          if (closed) {
            return;
          }
          closed = true;
          if (received == null) {
            call.close(
                Status.INVALID_ARGUMENT.withDescription("the call carried no request"),
                new Metadata());
            return;
          }
          try (ReceivedRequest request = received) {
            export(call, project == null ? Projects.DEFAULT_PROJECT : project, request);
          }
        }

        @Override
        public void onCancel() {
          closed = true;
          if (received != null) {
            received.close();
          }
        }
      };
    }
  }

  private void export(
      ServerCall<ReceivedRequest, ExportTraceServiceResponse> call,
      String project,
      ReceivedRequest request) {
    if (request.refusal() != null) {
      refuse(call, request.refusal());
      return;
    }
    metrics.requestSize(PROTOCOL, request.bytes().length);
    Outcome outcome;
    try {
      outcome = ingestor.ingest(project, request.bytes(), PROTOCOL, request.lease());
    } catch (BodyRejectedException e) {
      refuse(call, e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close(call, 503, "ingestion is shutting down; retry", retryAfterSeconds);
      return;
    }
    switch (outcome) {
      case Outcome.Accepted accepted -> {
        call.sendHeaders(new Metadata());
        call.sendMessage(accepted.response());
        call.close(Status.OK, new Metadata());
        metrics.request(PROTOCOL, Status.Code.OK.name());
      }
      case Outcome.Refused refused ->
          close(call, refused.httpStatus(), refused.message(), refused.retryAfterSeconds());
    }
  }

  private void refuse(ServerCall<?, ?> call, BodyRejectedException e) {
    metrics.rejected(e.reason(), 1);
    close(call, e.status().value(), e.getMessage(), retryAfterSeconds);
  }

  private void close(ServerCall<?, ?> call, int httpStatus, String message, long retryAfter) {
    GrpcStatuses.close(call, httpStatus, message, retryAfter);
    metrics.request(PROTOCOL, GrpcStatuses.code(httpStatus).name());
  }
}
