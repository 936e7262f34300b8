package io.lumina.worker.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.PricingSource;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.lumina.model.UnpricedReason;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

  private static final Cost CHEAP = new Cost(new BigDecimal("0.01"), PricingSource.CATALOG, "v");

  private static NormalizedSpan span(SpanStatus status, String userId) {
    return new NormalizedSpan(
        "gpt-4o",
        "openai",
        new TokenUsage(10L, 10L, null, null, null, null),
        null,
        null,
        null,
        null,
        userId,
        null,
        status,
        null,
        null,
        null,
        null,
        null);
  }

  private static String randomTraceId(SplittableRandom random) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  @Test
  void allSpansOfATraceShareTheDecision() {
    Sampler a = new Sampler(SamplingRules.parse("{\"samplingRate\": 0.5}"));
    Sampler b =
        new Sampler(SamplingRules.parse("{\"samplingRate\": 0.5}")); // another worker replica
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      String trace = randomTraceId(random);
      boolean first = a.keep("svc", trace, span(SpanStatus.OK, "u" + i), CHEAP);
      assertThat(
              a.keep(
                  "svc",
                  trace,
                  span(SpanStatus.OK, "other"),
                  Cost.unpriced(UnpricedReason.UNKNOWN_MODEL)))
          .isEqualTo(first);
      assertThat(b.keep("svc", trace, span(SpanStatus.DEGRADED, null), CHEAP)).isEqualTo(first);
    }
  }

  @Test
  void keptFractionFollowsTheRateForRandomAndSequentialIds() {
    Sampler sampler = new Sampler(SamplingRules.parse("{\"samplingRate\": 0.25}"));
    SplittableRandom random = new SplittableRandom(42);
    int n = 100_000;
    int keptRandom = 0;
    int keptSequential = 0;
    for (int i = 0; i < n; i++) {
      if (sampler.keep("svc", randomTraceId(random), span(SpanStatus.OK, null), CHEAP)) {
        keptRandom++;
      }
      if (sampler.keep("svc", "%032x".formatted(i), span(SpanStatus.OK, null), CHEAP)) {
        keptSequential++;
      }
    }
    assertThat(keptRandom / (double) n).isCloseTo(0.25, within(0.01));
    assertThat(keptSequential / (double) n).isCloseTo(0.25, within(0.01));
  }

  @Test
  void rateZeroDropsAndRateOneKeeps() {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(
            new Sampler(SamplingRules.parse("{\"samplingRate\": 0}"))
                .keep("s", trace, span(SpanStatus.OK, null), CHEAP))
        .isFalse();
    assertThat(
            new Sampler(SamplingRules.parse("{\"samplingRate\": 1}"))
                .keep("s", trace, span(SpanStatus.OK, null), CHEAP))
        .isTrue();
    assertThat(
            new Sampler(SamplingRules.keepAll()).keep("s", null, span(SpanStatus.OK, null), null))
        .isTrue();
  }

  @Test
  void errorConditionKeepsErrorsOnly() {
    Sampler sampler =
        new Sampler(
            SamplingRules.parse(
                "{\"samplingRate\": 0, \"alwaysSampleConditions\": {\"error\": true}}"));
    assertThat(sampler.keep("s", "01", span(SpanStatus.ERROR, null), CHEAP)).isTrue();
    assertThat(sampler.keep("s", "01", span(SpanStatus.DEGRADED, null), CHEAP)).isFalse();
    assertThat(sampler.keep("s", "01", span(SpanStatus.OK, null), CHEAP)).isFalse();
  }

  @Test
  void costConditionIsStrictlyGreaterAndIgnoresUnpriced() {
    Sampler sampler =
        new Sampler(
            SamplingRules.parse(
                "{\"samplingRate\": 0, \"alwaysSampleConditions\": {\"costUsd\": {\"$gt\": 0.5}}}"));
    NormalizedSpan s = span(SpanStatus.OK, null);
    assertThat(
            sampler.keep(
                "s", "01", s, new Cost(new BigDecimal("0.5000000001"), PricingSource.CATALOG, "v")))
        .isTrue();
    assertThat(
            sampler.keep("s", "01", s, new Cost(new BigDecimal("0.5"), PricingSource.CATALOG, "v")))
        .isFalse();
    assertThat(sampler.keep("s", "01", s, Cost.unpriced(UnpricedReason.UNKNOWN_MODEL))).isFalse();
  }

  @Test
  void userConditionKeepsListedUsers() {
    Sampler sampler =
        new Sampler(
            SamplingRules.parse(
                "{\"samplingRate\": 0, \"alwaysSampleConditions\": {\"userId\": {\"$in\": [\"vip-1\", \"vip-2\"]}}}"));
    assertThat(sampler.keep("s", "01", span(SpanStatus.OK, "vip-2"), CHEAP)).isTrue();
    assertThat(sampler.keep("s", "01", span(SpanStatus.OK, "nobody"), CHEAP)).isFalse();
    assertThat(sampler.keep("s", "01", span(SpanStatus.OK, null), CHEAP)).isFalse();
  }

  @Test
  void perServicePoliciesInheritWhatTheyDoNotState() {
    SamplingRules rules =
        SamplingRules.parse(
            """
        {"samplingRate": 0.1,
         "alwaysSampleConditions": {"error": true},
         "services": {"checkout": {"samplingRate": 0}, "batch": {"alwaysSampleConditions": {"userId": {"$in": ["x"]}}}}}""");
    assertThat(rules.policyFor("checkout"))
        .isEqualTo(
            new SamplingPolicy(0, new AlwaysSampleConditions(true, null, java.util.Set.of())));
    assertThat(rules.policyFor("batch").samplingRate()).isEqualTo(0.1);
    assertThat(rules.policyFor("batch").alwaysSample().error()).isFalse();
    assertThat(rules.policyFor("unknown")).isEqualTo(rules.defaultPolicy());

    Sampler sampler = new Sampler(rules);
    assertThat(sampler.keep("checkout", "01", span(SpanStatus.ERROR, null), CHEAP)).isTrue();
    assertThat(sampler.keep("checkout", "01", span(SpanStatus.OK, null), CHEAP)).isFalse();
  }

  @Test
  void parserRejectsTyposAndOutOfRangeValues() {
    assertThatThrownBy(() -> SamplingRules.parse("{\"samplingRate\": 1.5}"))
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> SamplingRules.parse("{\"sampleRate\": 0.5}"))
        .hasMessageContaining("sampleRate");
    assertThatThrownBy(
            () -> SamplingRules.parse("{\"alwaysSampleConditions\": {\"costUsd\": {\"$gte\": 1}}}"))
        .hasMessageContaining("$gte");
    assertThatThrownBy(
            () -> SamplingRules.parse("{\"alwaysSampleConditions\": {\"userId\": {\"$in\": [1]}}}"))
        .hasMessageContaining("strings");
    assertThatThrownBy(() -> SamplingRules.parse("not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void traceFractionIsInUnitIntervalAndDeterministic() {
    assertThat(Sampler.traceFraction("4bf92f3577b34da6a3ce929d0e0e4736"))
        .isEqualTo(Sampler.traceFraction("4bf92f3577b34da6a3ce929d0e0e4736"))
        .isBetween(0.0, 1.0);
    assertThat(Sampler.traceFraction("not-hex")).isBetween(0.0, 1.0);
  }
}
