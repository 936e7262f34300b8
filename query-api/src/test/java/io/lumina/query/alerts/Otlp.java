package io.lumina.query.alerts;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * OTLP/JSON for the end-to-end test: traces of a root HTTP span ({@code http.route}) with one LLM
 * child carrying Lumina's flat keys (model, cost_usd, prompt, response).
 */
final class Otlp {
  private Otlp() {}

  record Call(Instant start, double costUsd, String prompt, String response) {}

  static String request(String service, List<Call> calls) {
    StringBuilder spans = new StringBuilder();
    for (Call c : calls) {
      String traceId = hex(16);
      String rootId = hex(8);
      long start = c.start().getEpochSecond() * 1_000_000_000L + c.start().getNano();
      long end = start + 800_000_000L;
      if (!spans.isEmpty()) {
        spans.append(',');
      }
      spans.append(
          span(
              traceId,
              rootId,
              null,
              "POST /api/chat",
              start,
              end,
              attr("http.route", "/api/chat")));
      spans.append(',');
      spans.append(
          span(
              traceId,
              hex(8),
              rootId,
              "chat gpt-4o",
              start + 1000,
              end - 1000,
              attr("model", "gpt-4o")
                  + ","
                  + attr("provider", "openai")
                  + ","
                  + "{\"key\":\"cost_usd\",\"value\":{\"doubleValue\":"
                  + String.format(Locale.ROOT, "%.6f", c.costUsd())
                  + "}}"
                  + (c.prompt() == null
                      ? ""
                      : "," + attr("prompt", c.prompt()) + "," + attr("response", c.response()))));
    }
    return """
        {"resourceSpans":[{"resource":{"attributes":[%s]},
          "scopeSpans":[{"scope":{"name":"alerts-e2e"},"spans":[%s]}]}]}"""
        .formatted(attr("service.name", service), spans);
  }

  private static String span(
      String traceId,
      String spanId,
      String parent,
      String name,
      long start,
      long end,
      String attributes) {
    return """
        {"traceId":"%s","spanId":"%s",%s"name":"%s","kind":%d,"startTimeUnixNano":"%d","endTimeUnixNano":"%d",
         "attributes":[%s],"status":{"code":1}}"""
        .formatted(
            traceId,
            spanId,
            parent == null ? "" : "\"parentSpanId\":\"" + parent + "\",",
            name,
            parent == null ? 2 : 3,
            start,
            end,
            attributes);
  }

  private static String attr(String key, String value) {
    return "{\"key\":\""
        + key
        + "\",\"value\":{\"stringValue\":\""
        + value.replace("\"", "\\\"")
        + "\"}}";
  }

  static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1;
    return HexFormat.of().formatHex(b);
  }
}
