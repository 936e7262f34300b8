package io.lumina.service.security;

import io.lumina.security.Decision;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Refusals as RFC 9457 {@code application/problem+json}, the format of the JSON services. */
public final class ProblemJsonRefusalWriter implements RefusalWriter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public void write(
      HttpServletRequest request, HttpServletResponse response, Decision.Refused refused)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put(
        "type",
        "https://lumina.dev/problems/"
            + switch (refused.status()) {
              case 401 -> "unauthorized";
              case 403 -> "forbidden";
              case 429 -> "rate-limited";
              case 421 -> "misdirected-request";
              default -> "unavailable";
            });
    body.put("title", refused.title());
    body.put("status", refused.status());
    body.put("detail", refused.detail());
    body.put("instance", request.getRequestURI());
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
