package io.lumina.api.traces;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SpanViewJsonTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void storedJsonIsWrittenAsJsonAndReadBackAsItsText() {
    SpanView span =
        new SpanView(
            "eee19b7ec3c1b174",
            null,
            "chat",
            3,
            "svc",
            null,
            Instant.parse("2026-11-27T10:00:00Z"),
            1,
            2,
            850.0,
            "ok",
            null,
            true,
            "gpt-4o-mini",
            "openai",
            new SpanView.Tokens(120L, 40L, 160L, null, null, null),
            new BigDecimal("0.0012"),
            "CATALOG",
            false,
            null,
            "call",
            "2026-11-01",
            "Say hello",
            "Hello!",
            null,
            "[{\"role\":\"user\",\"content\":\"Say hello\"}]",
            null,
            null,
            "{\"gen_ai.system\":\"openai\",\"n\":3}",
            "{}",
            null,
            false,
            List.of());

    String json = JSON.writeValueAsString(span);
    JsonNode tree = JSON.readTree(json);
    assertThat(tree.path("attributes").path("n").asInt())
        .as("an object, not a string")
        .isEqualTo(3);
    assertThat(tree.path("inputMessages").isArray()).isTrue();
    assertThat(tree.path("events").isNull()).isTrue();
    assertThat(tree.path("tokens").path("completion").asLong()).isEqualTo(40);

    SpanView back = JSON.readValue(json, SpanView.class);
    assertThat(JSON.readTree(back.attributes())).isEqualTo(JSON.readTree(span.attributes()));
    assertThat(back.events()).isNull();
    assertThat(back)
        .usingRecursiveComparison()
        .ignoringFields("attributes", "inputMessages", "resourceAttributes")
        .isEqualTo(span);
  }

  @Test
  void searchParametersAreSentByTheirNames() {
    SearchParams p =
        new SearchParams(
            "chat-api",
            " ",
            null,
            "error",
            null,
            null,
            null,
            " 0.01 ",
            null,
            null,
            null,
            null,
            null,
            null,
            "refund",
            "cost",
            null,
            null,
            "50");
    assertThat(p.queryParameters())
        .containsExactly(
            java.util.Map.entry("service", "chat-api"),
            java.util.Map.entry("status", "error"),
            java.util.Map.entry("minCost", "0.01"),
            java.util.Map.entry("q", "refund"),
            java.util.Map.entry("sort", "cost"),
            java.util.Map.entry("limit", "50"));
  }
}
