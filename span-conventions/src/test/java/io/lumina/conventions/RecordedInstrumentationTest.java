package io.lumina.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.conventions.RecordedTrace.Item;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.PricingSource;
import io.lumina.model.TokenUsage;
import io.lumina.model.UnpricedReason;
import io.lumina.model.UsageRole;
import io.lumina.pricing.CostCalculator;
import io.lumina.testing.InstrumentationFixture;
import io.lumina.testing.InstrumentationFixture.Call;
import io.lumina.testing.InstrumentationFixture.Reporting;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every fixture recorded from a real instrumentation library (test-support {@code
 * fixtures/instrumentation}) through the normalizer and the catalog, a whole trace at a time: the
 * spans counted as LLM calls must add up to exactly what the fake provider answered, each call
 * once, under its model, and every span left out must repeat usage found below it.
 */
class RecordedInstrumentationTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();
  private final CostCalculator calculator = CostCalculator.withBundledCatalog();

  static Stream<InstrumentationFixture> fixtures() {
    return InstrumentationFixture.all().stream();
  }

  @Test
  void everyRecorderHasFixtures() {
    assertThat(fixtures().map(InstrumentationFixture::library).distinct())
        .containsExactlyInAnyOrder(
            "vercel-ai",
            "openllmetry-js",
            "openllmetry-python",
            "openinference-js",
            "spring-ai",
            "langchain4j");
    assertThat(fixtures().filter(f -> !f.recorded()).map(InstrumentationFixture::library))
        .as("only the Python-format spans are derived rather than recorded")
        .containsOnly("openllmetry-python");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void eachCallIsCountedOnceUnderItsModelAndTotalsMatchTheProvider(InstrumentationFixture f) {
    RecordedTrace trace = RecordedTrace.withUsage(f, normalizer, calculator);
    List<Item> counted = trace.counted();
    assertThat(counted).as("%s: one counted span per provider call", f).hasSize(f.calls().size());

    // how each library reports (InstrumentationFixture.reporting) is what docs/conventions.md
    // states: a recording that stops matching fails here, so the docs follow
    Reporting reporting = f.reporting(f.calls().getFirst());
    assertThat(f.calls()).allMatch(c -> f.reporting(c) == reporting);
    switch (reporting) {
      case EXACT, WITHOUT_CACHE_READ -> {
        List<Usage> expected = f.calls().stream().map(c -> Usage.expected(f, c)).toList();
        List<Usage> actual = counted.stream().map(i -> Usage.of(i.normalized())).toList();
        assertThat(actual).as("%s: counted calls", f).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Usage.sum(actual)).isEqualTo(Usage.sum(expected));

        BigDecimal catalogCost =
            expected.stream().map(this::catalogCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal countedCost =
            counted.stream().map(i -> i.cost().usd()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(counted).allMatch(i -> i.cost().source() == PricingSource.CATALOG);
        assertThat(countedCost).as("%s: trace cost", f).isEqualByComparingTo(catalogCost);
      }
      case ESTIMATED ->
          assertThat(counted)
              .as("%s: tokens are the library's own count, not the provider's", f)
              .allSatisfy(
                  i -> {
                    TokenUsage t = i.normalized().tokens();
                    assertThat(t.input()).isPositive();
                    assertThat(t.output()).isPositive();
                    assertThat(f.calls())
                        .noneMatch(
                            c ->
                                t.input() == InstrumentationFixture.inputWithCache(c)
                                    && t.output() == c.usage().output());
                    assertThat(i.cost().source()).isEqualTo(PricingSource.CATALOG);
                  });
      case NONE ->
          assertThat(counted)
              .as("%s: a call without tokens is counted once and unpriced for want of tokens", f)
              .allSatisfy(
                  i -> {
                    assertThat(i.normalized().tokens().isEmpty()).isTrue();
                    assertThat(i.normalized().model()).isNotNull();
                    assertThat(i.cost().unpricedReason()).isEqualTo(UnpricedReason.NO_TOKENS);
                  });
    }
  }

  /** Every span left out of totals either reports nothing or repeats usage found below it. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aggregatesRepeatTheCallsBelowThem(InstrumentationFixture f) {
    RecordedTrace trace = RecordedTrace.withUsage(f, normalizer, calculator);
    for (Item item : trace.spans()) {
      NormalizedSpan n = item.normalized();
      switch (n.usageRole()) {
        case CALL -> assertThat(item.cost().source()).isNotEqualTo(PricingSource.NONE);
        case NONE -> {
          assertThat(n.tokens().isEmpty()).as("%s %s", f, item.name()).isTrue();
          assertThat(n.model()).as("%s %s", f, item.name()).isNull();
        }
        case AGGREGATE -> {
          List<NormalizedSpan> below =
              trace.descendantsOf(item).stream()
                  .map(Item::normalized)
                  .filter(NormalizedSpan::countsUsage)
                  .toList();
          assertThat(below)
              .as("%s %s: counted calls below the aggregate", f, item.name())
              .isNotEmpty();
          TokenUsage t = n.tokens();
          if (t.input() != null) {
            assertThat(t.input()).isEqualTo(sum(below, TokenUsage::input));
          }
          if (t.output() != null) {
            assertThat(t.output()).isEqualTo(sum(below, TokenUsage::output));
          }
          if (t.cacheRead() != null) {
            assertThat(t.cacheRead()).isEqualTo(sum(below, TokenUsage::cacheRead));
          }
        }
      }
    }
  }

  @Test
  void aiSdkOuterAndInnerSpansReadTheSameSystemPromptAndMessages() {
    RecordedTrace trace = trace("vercel-ai/generate-text");
    NormalizedSpan outer = trace.named("ai.generateText").normalized();
    NormalizedSpan inner = trace.named("ai.generateText.doGenerate").normalized();

    assertThat(outer.usageRole()).isEqualTo(UsageRole.AGGREGATE);
    assertThat(inner.usageRole()).isEqualTo(UsageRole.CALL);
    assertThat(inner.systemPrompt())
        .isEqualTo(outer.systemPrompt())
        .isEqualTo("You are a terse assistant. Answer in one sentence.");
    assertThat(inner.prompt())
        .isEqualTo(outer.prompt())
        .isEqualTo("What is the capital of France?");
    assertThat(inner.inputMessages()).isEqualTo(outer.inputMessages());
    assertThat(inner.model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(outer.model())
        .as("the outer span knows only the requested model")
        .isEqualTo("gpt-4o");
  }

  @Test
  void aiSdkMultiStepOuterSpanSumsItsSteps() {
    RecordedTrace trace = trace("vercel-ai/tool-call-two-steps");
    Item outer = trace.named("ai.generateText");
    List<Item> steps =
        trace.childrenOf(outer).stream()
            .filter(i -> i.name().equals("ai.generateText.doGenerate"))
            .toList();

    assertThat(steps).hasSize(2).allMatch(i -> i.normalized().countsUsage());
    assertThat(outer.normalized().countsUsage()).isFalse();
    assertThat(outer.normalized().tokens().input()).isEqualTo(1201L + 1267L);
    assertThat(trace.named("ai.toolCall").normalized().usageRole()).isEqualTo(UsageRole.NONE);
  }

  @Test
  void aiSdk6AnthropicInputAlreadyIncludesTheCache() {
    NormalizedSpan step =
        trace("vercel-ai/anthropic-cache").named("ai.generateText.doGenerate").normalized();

    assertThat(step.tokens()).isEqualTo(new TokenUsage(2860L, 40L, 2900L, 2048L, 512L, null));
  }

  @Test
  void openLlmetryJsDropsTheCachedTokensTheProviderReported() {
    InstrumentationFixture f = InstrumentationFixture.load("openllmetry-js/chat");
    NormalizedSpan call = trace("openllmetry-js/chat").counted().getFirst().normalized();

    assertThat(f.calls().getFirst().usage().cachedInput()).isEqualTo(1024L);
    assertThat(call.tokens().input()).isEqualTo(1234L);
    assertThat(call.tokens().cacheRead()).isNull();
  }

  @Test
  void openInferenceAgentAndChainAreAggregates() {
    RecordedTrace trace = trace("openinference-js/agent");

    assertThat(trace.named("support_agent").normalized().usageRole())
        .isEqualTo(UsageRole.AGGREGATE);
    assertThat(trace.named("draft_and_polish").normalized().usageRole())
        .as("a CHAIN span without usage has nothing to count")
        .isEqualTo(UsageRole.NONE);
  }

  @ParameterizedTest
  @MethodSource("workflowFixtures")
  void openLlmetryWorkflowAndTaskSpansHaveNoPromptFromEmptyArguments(String id) {
    RecordedTrace trace = trace(id);
    List<Item> entities =
        trace.spans().stream()
            .filter(i -> i.name().endsWith(".workflow") || i.name().endsWith(".task"))
            .toList();

    assertThat(entities).hasSize(3);
    assertThat(entities)
        .allSatisfy(
            i -> {
              assertThat(i.normalized().prompt()).as(i.name()).isNull();
              assertThat(i.normalized().usageRole()).isEqualTo(UsageRole.NONE);
              assertThat(i.normalized().response()).isNotNull();
            });
  }

  static Stream<String> workflowFixtures() {
    return Stream.of("openllmetry-js/workflow", "openllmetry-python/workflow");
  }

  private RecordedTrace trace(String id) {
    return RecordedTrace.withUsage(InstrumentationFixture.load(id), normalizer, calculator);
  }

  private BigDecimal catalogCost(Usage u) {
    var entry = calculator.catalog().find(u.model());
    assertThat(entry).as("catalog price for %s", u.model()).isPresent();
    return CostCalculator.cost(u.tokens(), entry.get().price());
  }

  private static long sum(
      List<NormalizedSpan> spans, java.util.function.Function<TokenUsage, Long> count) {
    return spans.stream().map(s -> count.apply(s.tokens())).mapToLong(c -> c == null ? 0 : c).sum();
  }

  /** What one counted call must show: its model and its tokens, cache included in input. */
  record Usage(String model, long input, long output, long cacheRead, long cacheWrite) {

    static Usage expected(InstrumentationFixture fixture, Call call) {
      TokenUsage t = fixture.tokens(call);
      return new Usage(call.responseModel(), t.input(), t.output(), t.cacheRead(), t.cacheWrite());
    }

    static Usage of(NormalizedSpan span) {
      TokenUsage t = span.tokens();
      return new Usage(
          span.model(),
          orZero(t.input()),
          orZero(t.output()),
          orZero(t.cacheRead()),
          orZero(t.cacheWrite()));
    }

    static Usage sum(List<Usage> all) {
      return new Usage(
          "all",
          all.stream().mapToLong(Usage::input).sum(),
          all.stream().mapToLong(Usage::output).sum(),
          all.stream().mapToLong(Usage::cacheRead).sum(),
          all.stream().mapToLong(Usage::cacheWrite).sum());
    }

    TokenUsage tokens() {
      return new TokenUsage(input, output, null, cacheRead, cacheWrite, null);
    }

    private static long orZero(Long v) {
      return v == null ? 0 : v;
    }
  }
}
