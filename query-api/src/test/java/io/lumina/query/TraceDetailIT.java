package io.lumina.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One trace as a span tree: shape, attributes, events-free spans, tokens, cost and how it was
 * priced.
 */
class TraceDetailIT {

  @Test
  void treeHasRootsChildrenAndGrandchildrenWithEverythingStored() throws Exception {
    Lumina lumina = Lumina.get();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);
    TestSpans.Span root =
        TestSpans.root("agent", "detail-svc", t0, 2000, Map.of("customer", "globex"));
    TestSpans.Span retrieve =
        root.child("retrieve", t0.plusMillis(10), 100, Map.of("db.system", "pgvector"));
    TestSpans.Span plan = root.child("plan", t0.plusMillis(200), 1500, Map.of());
    TestSpans.Span llm =
        plan.child(
            "chat gpt-4o",
            t0.plusMillis(250),
            1200,
            Map.of(
                "gen_ai.provider.name",
                "openai",
                "gen_ai.request.model",
                "gpt-4o",
                "gen_ai.usage.input_tokens",
                1000L,
                "gen_ai.usage.output_tokens",
                200L));
    lumina.sendAndAwait(List.of(llm, root, plan, retrieve));

    JsonNode trace = lumina.ok("/api/traces/" + root.traceId().toUpperCase());
    assertThat(trace.get("traceId").asString()).isEqualTo(root.traceId());
    assertThat(trace.get("summary").get("spanCount").asInt()).isEqualTo(4);
    assertThat(trace.get("summary").get("name").asString()).isEqualTo("agent");
    JsonNode roots = trace.get("spans");
    assertThat(roots).hasSize(1);
    JsonNode r = roots.get(0);
    assertThat(r.get("spanId").asString()).isEqualTo(root.spanId());
    assertThat(r.get("attributes").get("customer").asString()).isEqualTo("globex");
    assertThat(r.get("resourceAttributes").get("service.name").asString()).isEqualTo("detail-svc");
    JsonNode children = r.get("children");
    assertThat(children).hasSize(2);
    assertThat(children.get(0).get("name").asString()).isEqualTo("retrieve");
    assertThat(children.get(1).get("name").asString()).isEqualTo("plan");
    JsonNode grandchild = children.get(1).get("children").get(0);
    assertThat(grandchild.get("name").asString()).isEqualTo("chat gpt-4o");
    assertThat(grandchild.get("parentSpanId").asString()).isEqualTo(plan.spanId());
    assertThat(grandchild.get("llm").asBoolean()).isTrue();
    assertThat(grandchild.get("tokens").get("prompt").asLong()).isEqualTo(1000);
    assertThat(grandchild.get("pricingSource").asString()).isEqualTo("CATALOG");
    assertThat(grandchild.get("catalogVersion").asString()).isNotBlank();
    assertThat(grandchild.get("costUsd").decimalValue())
        .isPositive()
        .isEqualByComparingTo(trace.get("summary").get("costUsd").decimalValue());
    assertThat(grandchild.get("children")).isEmpty();
  }

  @Test
  void unknownTraceIs404AndAMalformedIdIs400AsProblemJson() throws Exception {
    Lumina lumina = Lumina.get();
    Lumina.Response missing = lumina.get("/api/traces/" + TestSpans.traceId());
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(missing.json().get("status").asInt()).isEqualTo(404);
    Lumina.Response bad = lumina.get("/api/traces/not-a-trace-id");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("parameter").asString()).isEqualTo("traceId");
  }
}
