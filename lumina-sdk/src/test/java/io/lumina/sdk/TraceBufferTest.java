package io.lumina.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The buffer's decisions and bounds, driven span by span with a clock the test moves. */
class TraceBufferTest {

  private final List<ReadableSpan> ended = new ArrayList<>();
  private final List<ReadableSpan> exported = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final Tracer tracer =
      SdkTracerProvider.builder()
          .setSampler(recordOnly())
          .addSpanProcessor(
              new SpanProcessor() {
                @Override
                public void onStart(Context parentContext, ReadWriteSpan span) {}

                @Override
                public boolean isStartRequired() {
                  return false;
                }

                @Override
                public void onEnd(ReadableSpan span) {
                  ended.add(span);
                }

                @Override
                public boolean isEndRequired() {
                  return true;
                }
              })
          .build()
          .get("test");

  private TraceBuffer buffer(long maxSpans, long maxBytes) {
    return new TraceBuffer(
        new KeepConditions(AlwaysSample.builder().errors(true).build(), new CostEstimator()),
        exported::add,
        maxSpans,
        maxBytes,
        Duration.ofSeconds(60).toNanos(),
        now::get);
  }

  @Test
  void spansWaitForTheirRootAndRoutineTracesAreSampledOut() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    Span root = tracer.spanBuilder("root").startSpan();
    child(root, "a").end();
    child(root, "b").end();
    feed(buffer);
    assertThat(buffer.bufferedSpans()).isEqualTo(2);

    root.end();
    feed(buffer);

    assertThat(buffer.bufferedSpans()).isZero();
    assertThat(buffer.bufferedBytes()).isZero();
    assertThat(buffer.sampledOut()).isEqualTo(1);
    assertThat(exported).isEmpty();
  }

  @Test
  void anErrorKeepsWhatWasHeldAndWhatComesLater() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    Span root = tracer.spanBuilder("root").startSpan();
    child(root, "before").end();
    Span failing = child(root, "failing");
    failing.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
    failing.end();
    child(root, "after").end();
    root.end();
    feed(buffer);

    assertThat(exported)
        .extracting(ReadableSpan::getName)
        .containsExactly("before", "failing", "after", "root");
    assertThat(buffer.kept()).isEqualTo(1);
    assertThat(buffer.bufferedSpans()).isZero();
  }

  @Test
  void aTraceWhoseRootNeverEndsIsDroppedAfterTheTimeout() {
    TraceBuffer buffer = buffer(100, 1 << 20);
    Span root = tracer.spanBuilder("root").startSpan();
    child(root, "a").end();
    feed(buffer);

    now.addAndGet(Duration.ofSeconds(59).toNanos());
    buffer.expire();
    assertThat(buffer.bufferedSpans()).isEqualTo(1);

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    buffer.expire();
    assertThat(buffer.bufferedSpans()).isZero();
    assertThat(buffer.timedOut()).isEqualTo(1);
    assertThat(buffer.dropped()).isEqualTo(1);

    // its later spans follow the decision
    child(root, "late").end();
    root.end();
    feed(buffer);
    assertThat(exported).isEmpty();
    assertThat(buffer.dropped()).isEqualTo(3);
  }

  @Test
  void theOldestTracesGoFirstToStayWithinTheSpanBound() {
    TraceBuffer buffer = buffer(10, 1 << 20);
    List<Span> roots = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      Span root = tracer.spanBuilder("root" + i).startSpan();
      roots.add(root);
      child(root, "c" + i).end();
    }
    feed(buffer);

    assertThat(buffer.bufferedSpans()).isEqualTo(10);
    assertThat(buffer.peakSpans()).isEqualTo(10);
    assertThat(buffer.dropped()).isEqualTo(5);

    // an error in an evicted trace is still exported; its evicted siblings are gone
    Span late = child(roots.get(0), "failing");
    late.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
    late.end();
    feed(buffer);
    assertThat(exported).extracting(ReadableSpan::getName).containsExactly("failing");
  }

  @Test
  void theByteBoundHoldsAndASpanLargerThanItIsDropped() {
    long maxBytes = 4_000;
    TraceBuffer buffer = buffer(1_000, maxBytes);
    Span root = tracer.spanBuilder("root").startSpan();
    for (int i = 0; i < 50; i++) {
      child(root, "c").setAttribute("prompt", "x".repeat(200)).end();
    }
    child(root, "huge").setAttribute("prompt", "x".repeat(10_000)).end();
    feed(buffer);

    assertThat(buffer.peakBytes()).isPositive().isLessThanOrEqualTo(maxBytes);
    assertThat(buffer.bufferedBytes()).isLessThanOrEqualTo(maxBytes);
    assertThat(buffer.dropped()).isPositive();
  }

  private Span child(Span parent, String name) {
    return tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
  }

  private void feed(TraceBuffer buffer) {
    ended.forEach(buffer::accept);
    ended.clear();
  }

  private static Sampler recordOnly() {
    return new Sampler() {
      @Override
      public SamplingResult shouldSample(
          Context parentContext,
          String traceId,
          String name,
          io.opentelemetry.api.trace.SpanKind spanKind,
          io.opentelemetry.api.common.Attributes attributes,
          List<io.opentelemetry.sdk.trace.data.LinkData> parentLinks) {
        return SamplingResult.recordOnly();
      }

      @Override
      public String getDescription() {
        return "recordOnly";
      }
    };
  }
}
