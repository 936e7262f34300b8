package io.lumina.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  void aLargeTraceComesInPagesWithBodiesCutAndTheWholeSpanOnRequest() throws Exception {
    Lumina lumina = Lumina.get();
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(4, ChronoUnit.HOURS);
    TestSpans.Span root = TestSpans.root("agent", "paged-svc", t0, 60_000, Map.of());
    String prompt = "why ".repeat(2_500); // 10,000 characters
    String response = "because".repeat(1_000); // 7,000 characters
    List<TestSpans.Span> spans = new ArrayList<>();
    spans.add(root);
    TestSpans.Span longCall =
        root.child(
            "chat long",
            t0.plusMillis(1),
            500,
            Map.of(
                "gen_ai.request.model",
                "gpt-4o",
                "gen_ai.prompt",
                prompt,
                "gen_ai.completion",
                response));
    spans.add(longCall);
    for (int i = 0; i < 699; i++) {
      spans.add(root.child("step " + i, t0.plusMillis(2 + i), 10, Map.of("i", (long) i)));
    }
    lumina.sendAndAwait(spans);

    JsonNode first = lumina.ok("/api/traces/" + root.traceId());
    assertThat(first.get("summary").get("spanCount").asInt()).isEqualTo(701);
    assertThat(first.get("spans")).as("the root holds the whole first page").hasSize(1);
    JsonNode firstRoot = first.get("spans").get(0);
    assertThat(firstRoot.get("spanId").asString()).isEqualTo(root.spanId());
    assertThat(firstRoot.get("truncated").asBoolean()).isFalse();
    JsonNode children = firstRoot.get("children");
    assertThat(children).hasSize(499);
    JsonNode cut = children.get(0);
    assertThat(cut.get("spanId").asString()).isEqualTo(longCall.spanId());
    assertThat(cut.get("truncated").asBoolean()).isTrue();
    assertThat(cut.get("prompt").asString()).hasSize(4_000).isEqualTo(prompt.substring(0, 4_000));
    assertThat(cut.get("response").asString()).hasSize(4_000);
    assertThat(cut.get("attributes").get("gen_ai.prompt").asString())
        .as("the prompt is an attribute too")
        .hasSize(4_000);
    assertThat(cut.get("attributes").get("gen_ai.request.model").asString()).isEqualTo("gpt-4o");
    assertThat(children.get(1).get("truncated").asBoolean()).isFalse();
    String next = first.get("nextPage").asString();
    assertThat(next).isNotBlank();

    JsonNode second = lumina.ok("/api/traces/" + root.traceId() + "?page=" + next);
    JsonNode rest = second.get("spans");
    assertThat(rest).as("parents on an earlier page make these roots here").hasSize(201);
    assertThat(rest.get(0).get("name").asString()).isEqualTo("step 498");
    assertThat(rest.get(200).get("name").asString()).isEqualTo("step 698");
    assertThat(second.get("nextPage").isNull()).isTrue();
    Set<String> seen = new HashSet<>();
    seen.add(firstRoot.get("spanId").asString());
    children.forEach(c -> seen.add(c.get("spanId").asString()));
    rest.forEach(c -> seen.add(c.get("spanId").asString()));
    assertThat(seen)
        .as("every span once")
        .containsExactlyInAnyOrderElementsOf(spans.stream().map(TestSpans.Span::spanId).toList());

    JsonNode whole =
        lumina.ok("/api/traces/" + root.traceId() + "/spans/" + longCall.spanId().toUpperCase());
    assertThat(whole.get("truncated").asBoolean()).isFalse();
    assertThat(whole.get("prompt").asString()).isEqualTo(prompt);
    assertThat(whole.get("response").asString()).isEqualTo(response);
    assertThat(whole.get("attributes").get("gen_ai.prompt").asString()).isEqualTo(prompt);
    assertThat(whole.get("parentSpanId").asString()).isEqualTo(root.spanId());

    assertThat(
            lumina.get("/api/traces/" + root.traceId() + "/spans/" + TestSpans.spanId()).status())
        .isEqualTo(404);
    assertThat(
            lumina
                .get("/api/traces/" + TestSpans.traceId() + "/spans/" + longCall.spanId())
                .status())
        .as("the span of another trace")
        .isEqualTo(404);
    Lumina.Response badSpan = lumina.get("/api/traces/" + root.traceId() + "/spans/xyz");
    assertThat(badSpan.status()).isEqualTo(400);
    assertThat(badSpan.json().get("parameter").asString()).isEqualTo("spanId");
    Lumina.Response badPage = lumina.get("/api/traces/" + root.traceId() + "?page=nonsense");
    assertThat(badPage.status()).isEqualTo(400);
    assertThat(badPage.json().get("parameter").asString()).isEqualTo("page");
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
