package io.lumina.outbound;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An answer: status, headers (names in lower case) and the body up to the request's bound; {@code
 * truncated} says more was sent and not read.
 */
public record OutboundResponse(
    int status, Map<String, List<String>> headers, byte[] body, boolean truncated) {

  public OutboundResponse {
    headers = Map.copyOf(headers);
  }

  public boolean successful() {
    return status / 100 == 2;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** {@code HTTP <status>: <sanitized excerpt of the body>}: what may be stored of a failure. */
  public String failureSummary() {
    String excerpt = Excerpt.of(bodyText());
    return "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
  }
}
