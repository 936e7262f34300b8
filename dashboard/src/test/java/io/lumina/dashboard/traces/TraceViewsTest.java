package io.lumina.dashboard.traces;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.traces.SpanView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
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
    assertThat(SpanPanel.pricing(priced("UNPRICED", null, true, "mystery")))
        .contains("Unpriced")
        .contains("mystery")
        .contains("not $0");
    assertThat(SpanPanel.pricing(priced("PROJECT_OVERRIDE", "2026-11-01", false, "m")))
        .contains("override");
  }

  private static SpanView priced(String source, String version, boolean unpriced, String model) {
    return new SpanView(
        "s", null, "n", 0, "svc", null, null, 0, 1, 0, "ok", null, true, model, "p", null, null,
        source, unpriced, null, "call", version, null, null, null, null, null, null, null, null,
        null, null);
  }

  private static SpanView span(
      String id, String parent, long startNanos, long endNanos, List<SpanView> children) {
    return new SpanView(
        id,
        parent,
        "span-" + id,
        0,
        "svc",
        null,
        null,
        startNanos * 1000,
        endNanos * 1000,
        (endNanos - startNanos) / 1000.0,
        "ok",
        null,
        false,
        null,
        null,
        null,
        null,
        "NONE",
        false,
        null,
        "none",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        children);
  }
}
