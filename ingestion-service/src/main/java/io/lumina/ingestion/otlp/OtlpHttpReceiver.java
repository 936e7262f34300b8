package io.lumina.ingestion.otlp;

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
 * {@code POST /v1/traces}: the OTLP/HTTP trace receiver, protobuf or JSON, any Content-Encoding the
 * spec allows. Answers 200 only after the queue acknowledged; every answer is in the request's
 * encoding.
 */
@RestController
final class OtlpHttpReceiver {
  private final SpanIngestor ingestor;
  private final IngestMetrics metrics;
  private final InFlightBudget budget;
  private final long maxBodyBytes;
  private final long overloadRetryAfterSeconds;
  private final OtlpJsonParser jsonParser = new OtlpJsonParser();

  OtlpHttpReceiver(
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

  @PostMapping("/v1/traces")
  ResponseEntity<byte[]> export(HttpServletRequest http) throws IOException, InterruptedException {
    long start = System.nanoTime();
    WireEncoding encoding = WireEncoding.of(http.getContentType());
    if (encoding == null) {
      return answer(
          "otlp-other",
          start,
          OtlpErrors.status(
              HttpStatus.UNSUPPORTED_MEDIA_TYPE,
              WireEncoding.JSON,
              "Content-Type '"
                  + http.getContentType()
                  + "' is not supported; send application/x-protobuf or "
                  + "application/json (OTLP/HTTP)"));
    }
    String protocol = encoding == WireEncoding.JSON ? "otlp-json" : "otlp-protobuf";
    try (InFlightBudget.Lease lease = RequestBodies.admit(http, maxBodyBytes, budget)) {
      byte[] body = RequestBodies.read(http, maxBodyBytes, lease);
      metrics.requestSize(protocol, body.length);
      if (encoding == WireEncoding.JSON) {
        // the message objects and their encoding, at most a few times the JSON text
        lease.charge(InFlightBudget.JSON_EXPANSION * (long) body.length);
        body = jsonParser.parse(body).toByteArray();
      }
      Object project = http.getAttribute(Projects.REQUEST_ATTRIBUTE);
      Outcome outcome =
          ingestor.ingest(
              project instanceof String p ? p : Projects.DEFAULT_PROJECT, body, protocol, lease);
      return answer(
          protocol,
          start,
          switch (outcome) {
            case Outcome.Accepted accepted -> success(encoding, accepted);
            case Outcome.Refused refused ->
                OtlpErrors.retryLater(
                    HttpStatus.valueOf(refused.httpStatus()),
                    encoding,
                    refused.message(),
                    refused.retryAfterSeconds());
          });
    } catch (BodyRejectedException e) {
      return rejected(protocol, start, encoding, e);
    }
  }

  private ResponseEntity<byte[]> rejected(
      String protocol, long start, WireEncoding encoding, BodyRejectedException e) {
    metrics.rejected(
        e.reason(), 1); // the spans of an unreadable body cannot be counted; one per request
    return answer(protocol, start, OtlpErrors.rejected(e, encoding, overloadRetryAfterSeconds));
  }

  private ResponseEntity<byte[]> answer(
      String protocol, long start, ResponseEntity<byte[]> response) {
    metrics.request(protocol, response.getStatusCode().value());
    metrics.requestDuration(protocol, System.nanoTime() - start);
    return response;
  }

  /**
   * {@code ExportTraceServiceResponse}, with {@code partial_success} only when something was wrong.
   */
  private static ResponseEntity<byte[]> success(WireEncoding encoding, Outcome.Accepted accepted) {
    byte[] body;
    if (encoding == WireEncoding.PROTOBUF) {
      body = accepted.response().toByteArray();
    } else {
      body =
          (accepted.message() == null
                  ? "{}"
                  : "{\"partialSuccess\":{\"rejectedSpans\":"
                      + accepted.rejectedSpans()
                      + ",\"errorMessage\":"
                      + OtlpErrors.jsonString(accepted.message())
                      + "}}")
              .getBytes(StandardCharsets.UTF_8);
    }
    return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, encoding.contentType()).body(body);
  }
}
