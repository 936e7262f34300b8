package io.lumina.dashboard.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.traces.SpanView;
import io.lumina.dashboard.view.UnpricedAdvice;
import io.lumina.model.UnpricedReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

class TraceViewsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void filterTurnsRangeIntoFromAndKeepsOnlyNonBlankParameters() {
    TraceFilter f =
        new TraceFilter(
            "chat-api",
            " ",
            null,
            "error",
            null,
            null,
            null,
            "0.01",
            null,
            null,
            null,
            "1h",
            "refund",
            "cost",
            null,
            null);
    assertThat(f.apiParams(CLOCK))
        .containsEntry("service", "chat-api")
        .containsEntry("status", "error")
        .containsEntry("minCost", "0.01")
        .containsEntry("q", "refund")
        .containsEntry("sort", "cost")
        .containsEntry(
            "from", Long.toString(Instant.parse("2026-11-27T11:00:00Z").getEpochSecond()))
        .containsEntry("limit", "50")
        .doesNotContainKeys("model", "range", "live", "cursor");
    assertThat(f.hasFilters()).isTrue();
    assertThat(f.isLive()).isTrue();
  }

  @Test
  void filterQueryEncodesValuesAndLivePollingStopsOnOlderPages() {
    TraceFilter f =
        new TraceFilter(
            null, null, null, null, "a&b=c", null, null, null, null, null, null, null, "x y", null,
            "CURSOR1", "true");
    assertThat(f.query(true))
        .contains("userId=a%26b%3Dc")
        .contains("q=x%20y")
        .contains("live=true")
        .doesNotContain("cursor");
    assertThat(f.queryWithCursor("abc")).contains("cursor=abc").contains("live=false");
    assertThat(f.isLive()).as("a reader on an older page is not moved by polling").isFalse();
    assertThat(
            new TraceFilter(
                    null, null, null, null, null, null, null, null, null, null, null, "all", null,
                    null, null, "false")
                .isLive())
        .isFalse();
  }

  @Test
  void waterfallPlacesBarsOnTheTraceTimeAxis() {
    SpanView child = span("b", "a", 1_500, 2_000, List.of());
    SpanView root = span("a", null, 1_000, 3_000, List.of(child));
    Waterfall w = Waterfall.of(List.of(root));
    assertThat(w.durationMs()).isEqualTo(2.0);
    assertThat(w.spanCount()).isEqualTo(2);
    Waterfall.Node r = w.roots().getFirst();
    assertThat(r.offsetPct()).isEqualTo("0.000");
    assertThat(r.widthPct()).isEqualTo("100.000");
    Waterfall.Node c = r.children().getFirst();
    assertThat(c.depth()).isEqualTo(1);
    assertThat(c.offsetPct()).isEqualTo("25.000");
    assertThat(c.widthPct()).isEqualTo("25.000");
    assertThat(w.flatten()).extracting(SpanView::spanId).containsExactly("a", "b");
  }

  @Test
  void zeroLengthSpansStayVisible() {
    Waterfall w = Waterfall.of(List.of(span("a", null, 1_000, 1_000, List.of())));
    assertThat(Double.parseDouble(w.roots().getFirst().widthPct()))
        .isGreaterThanOrEqualTo(Waterfall.MIN_WIDTH_PCT);
  }

  @Test
  void chatMessagesComeFromInputMessagesOrAJsonPromptAndOtherwiseStayText() {
    assertThat(
            ChatMessages.of(
                JSON.readTree(
                    "[{\"role\":\"system\",\"content\":\"be brief\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi <b>\"}]}]"),
                null))
        .containsExactly(
            new ChatMessages.Message("system", "be brief"),
            new ChatMessages.Message("user", "hi <b>"));
    assertThat(ChatMessages.of(null, "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}"))
        .containsExactly(new ChatMessages.Message("user", "q"));
    assertThat(ChatMessages.of(null, "plain <script>alert(1)</script>")).isEmpty();
    assertThat(ChatMessages.of(null, "[1, 2, 3]")).isEmpty();
    assertThat(ChatMessages.of(null, "[not json")).isEmpty();
  }

  @Test
  void pricingSentenceSaysWhereTheCostCameFrom() {
    assertThat(SpanPanel.pricing(priced("CATALOG", "2026-11-01", false, "gpt-4o")))
        .contains("bundled pricing catalog")
        .contains("2026-11-01");
    assertThat(SpanPanel.pricing(unpriced("unknown_model", "mystery")))
        .contains("Unpriced")
        .contains("mystery")
        .contains("not $0");
    assertThat(SpanPanel.pricing(priced("PROJECT_OVERRIDE", "2026-11-01", false, "m")))
        .contains("override");
  }

  /** Each reason gets the advice that fits it: only a model without a price needs a price. */
  @ParameterizedTest
  @EnumSource(UnpricedReason.class)
  void anUnpricedSpanSaysWhyAndWhatToDo(UnpricedReason reason) {
    String sentence = SpanPanel.pricing(unpriced(reason.wireName(), "gpt-4o-mini"));
    assertThat(sentence).startsWith("Unpriced").contains("not $0");
    switch (reason) {
      case NO_TOKENS ->
          assertThat(sentence)
              .contains("no token counts", "gpt-4o-mini", "stream_options.include_usage")
              .doesNotContain("add a price");
      case ONLY_TOTAL_TOKENS ->
          assertThat(sentence)
              .contains("only a total token count", "gen_ai.usage.input_tokens")
              .doesNotContain("add a price");
      case NO_MODEL ->
          assertThat(sentence)
              .contains("no model", "gen_ai.request.model")
              .doesNotContain("add a price");
      case UNKNOWN_MODEL ->
          assertThat(sentence).contains("no price is known for model gpt-4o-mini", "add a price");
    }
    assertThat(UnpricedAdvice.lines(Map.of(reason.wireName(), 3L)))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.reason()).isEqualTo(reason.wireName());
              assertThat(l.count()).isEqualTo(3);
              assertThat(sentence).contains(l.advice());
            });
  }

  @Test
  void aSpanStoredWithoutAReasonIsStillUnknownNotZero() {
    assertThat(SpanPanel.pricing(unpriced(null, "m")))
        .isEqualTo("Unpriced: its cost is unknown, not $0.");
  }

  @Test
  void anAggregateSaysTotalsDoNotCountIt() {
    SpanView aggregate = withRole("aggregate");
    assertThat(SpanPanel.of(aggregate).counting()).contains("Not counted", "repeats its children");
    assertThat(SpanPanel.countedCall(aggregate)).isFalse();
    assertThat(SpanPanel.of(withRole("call")).counting()).isNull();
    assertThat(SpanPanel.countedCall(withRole("call"))).isTrue();
  }

  private static SpanView priced(String source, String version, boolean unpriced, String model) {
    return llmSpan(source, version, unpriced, null, "call", model);
  }

  private static SpanView unpriced(String reason, String model) {
    return llmSpan("UNPRICED", null, true, reason, "call", model);
  }

  private static SpanView withRole(String role) {
    return llmSpan("CATALOG", "2026-11-01", false, null, role, "gpt-4o");
  }

  private static SpanView llmSpan(
      String source, String version, boolean unpriced, String reason, String role, String model) {
    return view(
        "s", null, 0, 1, 0, true, model, source, unpriced, reason, role, version, List.of());
  }

  private static SpanView span(
      String id, String parent, long startNanos, long endNanos, List<SpanView> children) {
    return view(
        id,
        parent,
        startNanos * 1000,
        endNanos * 1000,
        (endNanos - startNanos) / 1000.0,
        false,
        null,
        "NONE",
        false,
        null,
        "none",
        null,
        children);
  }

  /** A span with what these tests vary; the rest empty. */
  private static SpanView view(
      String id,
      String parent,
      long startUnixNano,
      long endUnixNano,
      double latencyMs,
      boolean llm,
      String model,
      String pricingSource,
      boolean unpriced,
      String unpricedReason,
      String usageRole,
      String catalogVersion,
      List<SpanView> children) {
    return new SpanView(
        id,
        parent,
        "span-" + id,
        0,
        "svc",
        null,
        null,
        startUnixNano,
        endUnixNano,
        latencyMs,
        "ok",
        null,
        llm,
        model,
        llm ? "p" : null,
        null,
        null,
        pricingSource,
        unpriced,
        unpricedReason,
        usageRole,
        catalogVersion,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        children);
  }
}
