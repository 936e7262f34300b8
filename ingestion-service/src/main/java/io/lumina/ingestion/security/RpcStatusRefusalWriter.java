package io.lumina.ingestion.security;

import io.lumina.ingestion.web.OtlpErrors;
import io.lumina.ingestion.web.WireEncoding;
import io.lumina.security.Decision;
import io.lumina.service.security.RefusalWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Refusals as a {@code google.rpc.Status} in the request's encoding (protobuf or JSON), as OTLP
 * exporters expect: on 429 and 503 (with {@code Retry-After}) the exporter keeps the spans and
 * retries, since nothing was kept here.
 */
@Component
final class RpcStatusRefusalWriter implements RefusalWriter {
  @Override
  public void write(
      HttpServletRequest request, HttpServletResponse response, Decision.Refused refused)
      throws IOException {
    OtlpErrors.write(
        response,
        HttpStatus.valueOf(refused.status()),
        WireEncoding.forReply(request.getContentType()),
        refused.title() + ": " + refused.detail());
  }
}
