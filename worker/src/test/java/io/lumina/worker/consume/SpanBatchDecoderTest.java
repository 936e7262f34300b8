package io.lumina.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.testing.OtlpSpans;
import io.lumina.worker.Otlp;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.sampling.SamplingRules;
import io.lumina.worker.store.RetentionProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanBatchDecoderTest {

  @Test
  void spansOlderThanRetentionAreNotStoredAgain() {
    var batch =
        Otlp.batch(
            "p",
            "svc",
            List.of(
                OtlpSpans.span(
                        OtlpSpans.randomTraceId(),
                        OtlpSpans.randomSpanId(),
                        null,
                        "old",
                        Instant.parse("2018-01-01T00:00:00Z"),
                        1)
                    .build(),
                OtlpSpans.span(
                        OtlpSpans.randomTraceId(),
                        OtlpSpans.randomSpanId(),
                        null,
                        "new",
                        Instant.parse("2018-01-25T00:00:00Z"),
                        1)
                    .build()));
    var decoder =
        new SpanBatchDecoder(
            new SpanNormalizer(),
            CostCalculator.withBundledCatalog(),
            new Sampler(SamplingRules.keepAll()),
            new RetentionProperties(7, "0 2 * * *"),
            Clock.fixed(Instant.parse("2018-01-26T00:00:00Z"), ZoneOffset.UTC));
    var decoded = decoder.decode(batch);
    assertThat(decoded.expired()).isEqualTo(1);
    assertThat(decoded.spans()).extracting(s -> s.span().getName()).containsExactly("new");
  }
}
