package io.lumina.ingestion.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lumina.ingestion.publish.SpanPublisher;
import io.lumina.model.Projects;
import io.lumina.queue.QueueUnavailableException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.concurrent.ExecutionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/traces}: the OTLP/HTTP trace receiver. Answers 200 only after the queue acknowledged. */
@RestController
class OtlpHttpReceiver {
  static final String PROTOBUF = "application/x-protobuf";

  private final SpanPublisher publisher;
  private final SpanValidator validator = new SpanValidator();

  OtlpHttpReceiver(SpanPublisher publisher) {
    this.publisher = publisher;
  }

  @PostMapping(path = "/v1/traces", consumes = PROTOBUF, produces = PROTOBUF)
  ResponseEntity<byte[]> export(@RequestBody(required = false) byte[] body) throws InterruptedException {
    ExportTraceServiceRequest request;
    try {
      request = ExportTraceServiceRequest.parseFrom(body == null ? new byte[0] : body);
    } catch (InvalidProtocolBufferException e) {
      return OtlpErrors.status(HttpStatus.BAD_REQUEST, "malformed protobuf body: " + e.getMessage());
    }
    SpanValidator.Result result = validator.validate(request);
    if (result.acceptedSpans() > 0) {
      try {
        publisher.publish(Projects.DEFAULT_PROJECT, result.valid()).get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof QueueUnavailableException unavailable) {
          return OtlpErrors.retryLater(HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage(), 5);
        }
        throw new IllegalStateException(e.getCause());
      }
    }
    ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
    if (result.rejectedSpans() > 0) {
      response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
          .setRejectedSpans(result.rejectedSpans())
          .setErrorMessage(result.firstError()));
    }
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_TYPE, PROTOBUF)
        .body(response.build().toByteArray());
  }
}
