package io.lumina.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the wrapped exporter delivered and what it gave up on, for {@link LuminaStats}. */
final class CountingSpanExporter implements SpanExporter {

  private final SpanExporter delegate;
  private final AtomicLong exported = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  CountingSpanExporter(SpanExporter delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    int n = spans.size();
    CompletableResultCode result = delegate.export(spans);
    result.whenComplete(() -> (result.isSuccess() ? exported : failed).addAndGet(n));
    return result;
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  long exported() {
    return exported.get();
  }

  long failed() {
    return failed.get();
  }
}
