package io.lumina.sdk;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Head sampling by trace id: a new trace is sampled when OpenTelemetry's trace-id ratio says so
 * (the same decision any OpenTelemetry SDK makes for that id at that rate), children follow their
 * parent. A trace the rate drops is still recorded, unexported, when conditions may keep it: the
 * {@link ConditionalSamplingProcessor} then decides when its local root ends.
 */
final class HeadSampler implements Sampler {

  private final Sampler ratio;
  private final boolean conditional;
  private final double rate;

  HeadSampler(double rate, boolean conditional) {
    this.rate = rate;
    this.ratio = Sampler.traceIdRatioBased(rate);
    this.conditional = conditional;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    Span parent = Span.fromContext(parentContext);
    SpanContext parentSpan = parent.getSpanContext();
    if (parentSpan.isValid()) {
      if (parentSpan.isSampled()) {
        return SamplingResult.recordAndSample();
      }
      if (conditional && (parentSpan.isRemote() || parent.isRecording())) {
        return SamplingResult.recordOnly();
      }
      return SamplingResult.drop();
    }
    SamplingResult byRate =
        ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    if (byRate.getDecision() == SamplingDecision.RECORD_AND_SAMPLE) {
      return byRate;
    }
    return conditional ? SamplingResult.recordOnly() : SamplingResult.drop();
  }

  @Override
  public String getDescription() {
    return "LuminaHeadSampler{rate=" + rate + ", conditional=" + conditional + "}";
  }
}
