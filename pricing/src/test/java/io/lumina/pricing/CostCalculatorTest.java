package io.lumina.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.PricingSource;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.lumina.model.UnpricedReason;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples: every figure below is computed by hand in the comment next to it. */
class CostCalculatorTest {

  private static final PriceCatalog CATALOG = PriceCatalog.bundled();
  private final CostCalculator calculator = new CostCalculator(CATALOG, ProjectPrices.none());

  private static NormalizedSpan llm(String model, TokenUsage tokens) {
    return new NormalizedSpan(
        model,
        null,
        tokens,
        null,
        null,
        null,
        null,
        null,
        null,
        SpanStatus.OK,
        null,
        null,
        null,
        null,
        null);
  }

  private static TokenUsage tokens(long input, long output) {
    return new TokenUsage(input, output, null, null, null, null);
  }

  private static BigDecimal usd(String value) {
    return new BigDecimal(value).setScale(CostCalculator.SCALE);
  }

  @Test
  void flatKeysExampleWithCustomPerTokenPrices() {
    // 120 * 0.000003 + 80 * 0.000015 = 0.00036 + 0.0012 = 0.00156
    NormalizedSpan span =
        new NormalizedSpan(
            "claude-3-sonnet",
            "anthropic",
            tokens(120, 80),
            null,
            null,
            null,
            null,
            null,
            null,
            SpanStatus.OK,
            null,
            0.000003,
            0.000015,
            null,
            null);

    Cost cost = calculator.price("default", span);

    assertThat(cost).isEqualTo(new Cost(usd("0.00156"), PricingSource.SPAN_PRICES, null));
  }

  @Test
  void flatKeysExampleThroughTheCatalog() {
    // claude-3-sonnet is $3 / $15 per 1M = $0.003 / $0.015 per 1K: 120*3 + 80*15 = 1560 per 1M =
    // 0.00156
    Cost cost = calculator.price("default", llm("claude-3-sonnet-20240229", tokens(120, 80)));

    assertThat(cost).isEqualTo(new Cost(usd("0.00156"), PricingSource.CATALOG, "2026-11-01"));
  }

  @Test
  void spanWithItsOwnCostWinsOverEverything() {
    NormalizedSpan span =
        new NormalizedSpan(
            "gpt-4o",
            "openai",
            tokens(1000, 1000),
            null,
            null,
            null,
            null,
            null,
            null,
            SpanStatus.OK,
            0.42,
            0.001,
            0.002,
            null,
            null);

    assertThat(calculator.price("default", span))
        .isEqualTo(new Cost(usd("0.42"), PricingSource.SPAN, null));
  }

  @Test
  void unknownModelIsUnpricedNeverZero() {
    Cost cost = calculator.price("default", llm("acme-finetune-v7", tokens(500, 100)));

    assertThat(cost.usd()).isNull();
    assertThat(cost.isUnpriced()).isTrue();
    assertThat(cost.source()).isEqualTo(PricingSource.UNPRICED);
    assertThat(cost.unpricedReason()).isEqualTo(UnpricedReason.UNKNOWN_MODEL);
  }

  @Test
  void llmCallWithoutModelOrWithOnlyATotalIsUnpriced() {
    assertThat(calculator.price("default", llm(null, tokens(10, 10))).isUnpriced()).isTrue();
    assertThat(
            calculator
                .price("default", llm("gpt-4o", new TokenUsage(null, null, 500L, null, null, null)))
                .isUnpriced())
        .isTrue();
  }

  /** A known model without token counts lacks tokens, not a price: the advice must say so. */
  @Test
  void knownModelWithoutTokensIsUnpricedForWantOfTokens() {
    Cost cost = calculator.price("default", llm("gpt-4o-mini", TokenUsage.NONE));

    assertThat(CATALOG.find("gpt-4o-mini")).isPresent();
    assertThat(cost.unpricedReason()).isEqualTo(UnpricedReason.NO_TOKENS);
    assertThat(cost.unpricedReason().advice()).contains("no token counts");
  }

  @Test
  void onlyATotalIsUnpricedBecauseItCannotBeSplit() {
    Cost cost =
        calculator.price(
            "default", llm("gpt-4o", new TokenUsage(null, null, 500L, null, null, null)));

    assertThat(cost.unpricedReason()).isEqualTo(UnpricedReason.ONLY_TOTAL_TOKENS);
  }

  @Test
  void tokensWithoutAModelAreUnpricedForWantOfAModel() {
    Cost cost = calculator.price("default", llm(null, tokens(10, 10)));

    assertThat(cost.unpricedReason()).isEqualTo(UnpricedReason.NO_MODEL);
  }

  @Test
  void unknownModelWithoutTokensIsReportedAsMissingTokens() {
    Cost cost = calculator.price("default", llm("acme-finetune-v7", TokenUsage.NONE));

    assertThat(cost.unpricedReason()).isEqualTo(UnpricedReason.NO_TOKENS);
  }

  @Test
  void pricedAndNonLlmCostsHaveNoUnpricedReason() {
    assertThat(calculator.price("default", llm("gpt-4o", tokens(10, 10))).unpricedReason())
        .isNull();
    assertThat(calculator.price("default", llm(null, TokenUsage.NONE)).unpricedReason()).isNull();
  }

  @Test
  void everyReasonHasItsOwnAdviceAndWireName() {
    assertThat(UnpricedReason.values())
        .extracting(UnpricedReason::advice)
        .doesNotHaveDuplicates()
        .allMatch(a -> !a.isBlank());
    assertThat(UnpricedReason.values())
        .extracting(UnpricedReason::wireName)
        .containsExactly("no_tokens", "only_total_tokens", "no_model", "unknown_model");
    for (UnpricedReason r : UnpricedReason.values()) {
      assertThat(UnpricedReason.fromWireName(r.wireName())).isEqualTo(r);
    }
  }

  @Test
  void unpricedCostRequiresAReasonAndOnlyUnpricedHasOne() {
    assertThatThrownBy(() -> new Cost(null, PricingSource.UNPRICED, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Cost(BigDecimal.ONE, PricingSource.CATALOG, "v", UnpricedReason.UNKNOWN_MODEL))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void notAnLlmCall() {
    assertThat(calculator.price("default", llm(null, TokenUsage.NONE)))
        .isEqualTo(Cost.NOT_AN_LLM_CALL);
  }

  @Test
  void openAiCachedInputIsNotChargedTwice() {
    // gpt-4o: 2.50 in, 1.25 cached, 10 out. 2000 input of which 1536 cached:
    // 464*2.50 + 1536*1.25 + 100*10 = 1160 + 1920 + 1000 = 4080 per 1M = 0.00408
    Cost cost =
        calculator.price(
            "p", llm("gpt-4o-2024-08-06", new TokenUsage(2000L, 100L, null, 1536L, null, null)));
    assertThat(cost.usd()).isEqualTo(usd("0.00408"));
  }

  @Test
  void anthropicCacheReadAndWrite() {
    // claude-3-5-sonnet: 3 in, 0.30 cache read, 3.75 cache write, 15 out.
    // 10000 input = 1000 uncached + 8000 read + 1000 written; 500 output:
    // 1000*3 + 8000*0.30 + 1000*3.75 + 500*15 = 3000 + 2400 + 3750 + 7500 = 16650 per 1M = 0.01665
    Cost cost =
        calculator.price(
            "p",
            llm(
                "claude-3-5-sonnet-20241022",
                new TokenUsage(10000L, 500L, null, 8000L, 1000L, null)));
    assertThat(cost.usd()).isEqualTo(usd("0.01665"));
  }

  @Test
  void reasoningAtItsOwnPriceWithoutDoubleCounting() {
    // gemini-2.5-flash-preview-04-17: 0.15 in, 0.60 out, 3.50 reasoning. 3000 output of which 2000
    // reasoning:
    // 1000*0.15 + 1000*0.60 + 2000*3.50 = 150 + 600 + 7000 = 7750 per 1M = 0.00775
    Cost cost =
        calculator.price(
            "p",
            llm(
                "gemini-2.5-flash-preview-04-17",
                new TokenUsage(1000L, 3000L, null, null, null, 2000L)));
    assertThat(cost.usd()).isEqualTo(usd("0.00775"));
  }

  @Test
  void reasoningAtTheOutputPriceIsJustOutput() {
    // o3: 2 in, 8 out; reasoning is part of output: 1000*2 + 5000*8 = 42000 per 1M = 0.042
    Cost cost =
        calculator.price("p", llm("o3", new TokenUsage(1000L, 5000L, null, null, null, 4000L)));
    assertThat(cost.usd()).isEqualTo(usd("0.042"));
  }

  @Test
  void longContextTierAppliesToTheWholeRequest() {
    // claude-sonnet-4 over 200K input: 6 in, 0.60 read, 22.50 out.
    // 250000 input (100000 cached): 150000*6 + 100000*0.60 + 1000*22.50 = 900000 + 60000 + 22500 =
    // 982500 -> 0.9825
    Cost above =
        calculator.price(
            "p",
            llm(
                "claude-sonnet-4-20250514",
                new TokenUsage(250_000L, 1000L, null, 100_000L, null, null)));
    assertThat(above.usd()).isEqualTo(usd("0.9825"));

    // exactly 200K is not above: 200000*3 + 1000*15 = 615000 -> 0.615
    Cost at = calculator.price("p", llm("claude-sonnet-4-20250514", tokens(200_000, 1000)));
    assertThat(at.usd()).isEqualTo(usd("0.615"));
  }

  @Test
  void geminiProTier() {
    // gemini-2.5-pro: <=200K 1.25/10, >200K 2.50/15. 300000*2.50 + 2000*15 = 780000 -> 0.78
    assertThat(calculator.price("p", llm("gemini-2.5-pro", tokens(300_000, 2000))).usd())
        .isEqualTo(usd("0.78"));
    // 100000*1.25 + 2000*10 = 145000 -> 0.145
    assertThat(calculator.price("p", llm("gemini-2.5-pro", tokens(100_000, 2000))).usd())
        .isEqualTo(usd("0.145"));
  }

  @Test
  void embeddingsChargeInputOnly() {
    // text-embedding-3-small: 0.02 per 1M: 50000 * 0.02 = 1000 -> 0.001
    Cost cost =
        calculator.price(
            "p",
            llm("text-embedding-3-small", new TokenUsage(50_000L, null, null, null, null, null)));
    assertThat(cost.usd()).isEqualTo(usd("0.001"));
  }

  @Test
  void projectOverrideBeatsCatalogForThatProjectOnly() {
    ProjectPrices overrides =
        new OverridePrices(
            List.of(
                new OverridePrices.Override(
                    "acme", "gpt-4o", ModelPrice.of(TokenRates.perMillion("1", "2")))));
    CostCalculator withOverrides = new CostCalculator(CATALOG, overrides);

    // acme: 1000*1 + 1000*2 = 3000 -> 0.003
    assertThat(withOverrides.price("acme", llm("openai/gpt-4o-2024-08-06", tokens(1000, 1000))))
        .isEqualTo(new Cost(usd("0.003"), PricingSource.PROJECT_OVERRIDE, null));
    // others: catalog 1000*2.50 + 1000*10 = 12500 -> 0.0125
    assertThat(withOverrides.price("other", llm("gpt-4o", tokens(1000, 1000))))
        .isEqualTo(new Cost(usd("0.0125"), PricingSource.CATALOG, "2026-11-01"));
    // acme's gpt-4o pattern does not reach gpt-4o-mini
    assertThat(withOverrides.price("acme", llm("gpt-4o-mini", tokens(1000, 1000))).source())
        .isEqualTo(PricingSource.CATALOG);
  }

  @Test
  void customPricesMissingForUsedTokensFallThroughInsteadOfCountingThemFree() {
    NormalizedSpan span =
        new NormalizedSpan(
            "gpt-4o",
            null,
            tokens(1000, 1000),
            null,
            null,
            null,
            null,
            null,
            null,
            SpanStatus.OK,
            null,
            0.000001,
            null,
            null,
            null);
    assertThat(calculator.price("p", span).source()).isEqualTo(PricingSource.CATALOG);
  }

  @Test
  void convenienceConstructorUsesTheBundledCatalog() {
    assertThat(CostCalculator.withBundledCatalog().catalog().version()).isEqualTo("2026-11-01");
  }
}
