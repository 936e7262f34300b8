package io.lumina.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.pricing.CostCalculator;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Normalizing then pricing a live span gives the cost that re-pricing computes from stored columns.
 */
class NormalizedSpanPricingTest {
  private final CostCalculator calculator = CostCalculator.withBundledCatalog();

  private static BigDecimal usd(String value) {
    return new BigDecimal(value).setScale(CostCalculator.SCALE);
  }

  @Test
  void repricingFromStoredColumnsGivesTheSameCost() {
    var span =
        Otlp.span(
                "chat",
                Otlp.attr("gen_ai.provider.name", "anthropic"),
                Otlp.attr("gen_ai.response.model", "claude-3-5-haiku-20241022"),
                Otlp.attr("gen_ai.usage.input_tokens", 4000),
                Otlp.attr("gen_ai.usage.output_tokens", 300),
                Otlp.attr("gen_ai.usage.cache_read.input_tokens", 3000),
                Otlp.attr("gen_ai.input.messages", "[{\"role\":\"user\",\"content\":\"hi\"}]"))
            .build();
    NormalizedSpan live = new SpanNormalizer().normalize(null, span);
    Cost atIngestion = calculator.price("p", live);

    // what the re-pricing job has: the stored model, provider and token columns
    NormalizedSpan stored =
        new NormalizedSpan(
            live.model(),
            live.provider(),
            live.tokens(),
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

    // 1000*0.80 + 3000*0.08 + 300*4 = 800 + 240 + 1200 = 2240 -> 0.00224
    assertThat(atIngestion.usd()).isEqualTo(usd("0.00224"));
    assertThat(calculator.price("p", stored)).isEqualTo(atIngestion);
  }
}
