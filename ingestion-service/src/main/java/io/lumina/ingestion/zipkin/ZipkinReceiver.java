package io.lumina.ingestion.zipkin;

import io.lumina.ingestion.ingest.IngestMetrics;
import io.lumina.ingestion.ingest.IngestionProperties;
import io.lumina.ingestion.ingest.Outcome;
import io.lumina.ingestion.ingest.SpanIngestor;
import io.lumina.ingestion.web.BodyRejectedException;
import io.lumina.ingestion.web.InFlightBudget;
import io.lumina.ingestion.web.OtlpErrors;
import io.lumina.ingestion.web.RequestBodies;
import io.lumina.ingestion.web.WireEncoding;
import io.lumina.model.Projects;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v2/spans}: Zipkin v2 JSON, so Zipkin-instrumented applications can point at port
 * 9411 unchanged. Answers 202 as Zipkin does, but only after the queue acknowledged. Zipkin has no
 * partial success: valid spans are kept, and the body of the 202 says what was rejected.
 */
@RestController
final class ZipkinReceiver {
  private static final String PROTOCOL = "zipkin";

  private final SpanIngestor ingestor;
  private final IngestMetrics metrics;
  private final InFlightBudget budget;
  private final long maxBodyBytes;
  private final long overloadRetryAfterSeconds;
  private final ZipkinSpanConverter converter = new ZipkinSpanConverter();

  ZipkinReceiver(
      SpanIngestor ingestor,
      IngestMetrics metrics,
      InFlightBudget budget,
      IngestionProperties properties) {
    this.ingestor = ingestor;
    this.metrics = metrics;
    this.budget = budget;
    this.maxBodyBytes = properties.maxBodySize().toBytes();
    this.overloadRetryAfterSeconds = properties.retryAfter().toSeconds();
  }

  @PostMapping("/api/v2/spans")
  ResponseEntity<byte[]> spans(HttpServletRequest http) throws IOException, InterruptedException {
    long start = System.nanoTime();
    String contentType = http.getContentType();
    if (contentType != null && WireEncoding.of(contentType) != WireEncoding.JSON) {
      return answer(
          start,
          OtlpErrors.status(
              HttpStatus.UNSUPPORTED_MEDIA_TYPE,
              WireEncoding.JSON,
              "Content-Type '"
                  + contentType
                  + "' is not supported on /api/v2/spans; send Zipkin v2 JSON "
                  + "(application/json)"));
    }
    try (InFlightBudget.Lease lease = RequestBodies.admit(http, maxBodyBytes, budget)) {
      byte[] body = RequestBodies.read(http, maxBodyBytes, lease);
      metrics.requestSize(PROTOCOL, body.length);
      // the converted message objects and their encoding, at most a few times the JSON text
      lease.charge(InFlightBudget.JSON_EXPANSION * (long) body.length);
      byte[] request = converter.convert(body).toByteArray();
      Object project = http.getAttribute(Projects.REQUEST_ATTRIBUTE);
      Outcome outcome =
          ingestor.ingest(
              project instanceof String p ? p : Projects.DEFAULT_PROJECT, request, PROTOCOL, lease);
      return answer(
          start,
          switch (outcome) {
            case Outcome.Refused refused ->
                OtlpErrors.retryLater(
                    HttpStatus.valueOf(refused.httpStatus()),
                    WireEncoding.JSON,
                    refused.message(),
                    refused.retryAfterSeconds());
            case Outcome.Accepted accepted
                when accepted.acceptedSpans() == 0 && accepted.rejectedSpans() > 0 ->
                OtlpErrors.status(HttpStatus.BAD_REQUEST, WireEncoding.JSON, accepted.message());
            case Outcome.Accepted accepted ->
                ResponseEntity.accepted()
                    .header(HttpHeaders.CONTENT_TYPE, WireEncoding.JSON.contentType())
                    .body(
                        (accepted.message() == null
                                ? "{}"
                                : "{\"rejectedSpans\":"
                                    + accepted.rejectedSpans()
                                    + ",\"message\":"
                                    + OtlpErrors.jsonString(accepted.message())
                                    + "}")
                            .getBytes(StandardCharsets.UTF_8));
          });
    } catch (BodyRejectedException e) {
      metrics.rejected(e.reason(), 1);
      return answer(start, OtlpErrors.rejected(e, WireEncoding.JSON, overloadRetryAfterSeconds));
    }
  }

  private ResponseEntity<byte[]> answer(long start, ResponseEntity<byte[]> response) {
    metrics.request(PROTOCOL, response.getStatusCode().value());
    metrics.requestDuration(PROTOCOL, System.nanoTime() - start);
    return response;
  }
}
