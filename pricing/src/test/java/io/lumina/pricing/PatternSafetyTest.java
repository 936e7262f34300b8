package io.lumina.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Project patterns cannot stall pricing: they run on RE2/J (no backtracking) and never over a name
 * longer than {@link ModelNames#MAX_LENGTH}.
 */
class PatternSafetyTest {

  private static final ModelPrice PRICE =
      new ModelPrice(new TokenRates(BigDecimal.ONE, BigDecimal.ONE, null, null, null), List.of());

  @ParameterizedTest
  @ValueSource(strings = {"(a|aa)+$", ".*.*.*.*.*x"})
  void catastrophicPatternAgainstA100KbModelNameFinishesUnder50ms(String pattern) {
    OverridePrices prices =
        new OverridePrices(List.of(new OverridePrices.Override("p", pattern, PRICE)));
    prices.find("p", "warm-up");
    String model = "a".repeat(100 * 1024);

    long start = System.nanoTime();
    boolean matched = prices.find("p", model).isPresent();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(matched).as("an overlong name matches nothing").isFalse();
    assertThat(took).isLessThan(Duration.ofMillis(50));
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a|aa)+$", ".*.*.*.*.*x"})
  void catastrophicPatternAtTheLengthCapStillMatchesWithoutBacktracking(String pattern) {
    // a backtracking engine takes effectively forever on these at 256 characters
    OverridePrices prices =
        new OverridePrices(List.of(new OverridePrices.Override("p", pattern, PRICE)));
    String model = "a".repeat(ModelNames.MAX_LENGTH - 1) + "!";

    assertThat(prices.find("p", model)).isEmpty();
    assertThat(prices.find("p", "a".repeat(ModelNames.MAX_LENGTH)).isPresent())
        .isEqualTo(pattern.startsWith("("));
  }

  @Test
  void namesUpToTheCapAreStillPriced() {
    OverridePrices prices =
        new OverridePrices(List.of(new OverridePrices.Override("p", "house-.*", PRICE)));
    String atCap = "house-" + "x".repeat(ModelNames.MAX_LENGTH - 6);
    assertThat(prices.find("p", atCap)).isPresent();
    assertThat(prices.find("p", atCap + "x")).isEmpty();
    assertThat(PriceCatalog.bundled().find("gpt-4o" + "-".repeat(ModelNames.MAX_LENGTH))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a)\\1", "gpt(?=-4)", "(?<!x)gpt", "a++", "gpt-("})
  void patternsRe2RefusesAreRejectedWithAClearMessage(String pattern) {
    assertThatThrownBy(() -> OverridePrices.compile(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid model pattern");
  }

  @Test
  void overridePricesNeverHoldsAPatternRe2Refuses() {
    assertThatThrownBy(
            () -> new OverridePrices(List.of(new OverridePrices.Override("p", "(a)\\1", PRICE))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
