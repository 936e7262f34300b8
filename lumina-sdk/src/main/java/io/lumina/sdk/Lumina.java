package io.lumina.sdk;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Lumina for a JVM application: traces LLM calls and the pipelines around them, and sends them to
 * Lumina over OTLP/HTTP (protobuf, gzip, batched, retried).
 *
 * <pre>{@code
 * Lumina lumina = Lumina.init(LuminaOptions.builder()
 *     .endpoint("http://localhost:9411").serviceName("chat-api").build());
 * String answer = lumina.traceLLM(() -> llm.generate(prompt),
 *     TraceOptions.builder().name("chat").model("gpt-4o").build());
 * }</pre>
 *
 * Thread-safe; one instance per application. It uses its own OpenTelemetry tracer provider and
 * never touches {@code GlobalOpenTelemetry}, but shares the current OpenTelemetry {@link Context},
 * so its spans nest under (and inside) spans of other OpenTelemetry instrumentation. See
 * docs/sdk.md.
 */
public final class Lumina implements AutoCloseable {

  static final String INSTRUMENTATION_NAME = "io.lumina.sdk";

  private final LuminaOptions options;
  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final CountingSpanExporter exporter;
  private final ConditionalSamplingProcessor processor;
  private final TraceBuffer buffer;
  private final Thread shutdownHook;
  private volatile boolean closed;

  private Lumina(LuminaOptions options) {
    this.options = options;
    this.exporter = new CountingSpanExporter(exporter(options));
    BatchSpanProcessor batches =
        BatchSpanProcessor.builder(exporter)
            .setExportUnsampledSpans(true) // the sampling processor chose what reaches it
            .setScheduleDelay(options.exportDelay())
            .setMaxQueueSize(options.exportQueueSize())
            .setMaxExportBatchSize(Math.min(512, options.exportQueueSize()))
            .setExporterTimeout(options.exportTimeout().plusSeconds(5))
            .build();
    boolean conditional = options.samplingRate() < 1.0 && !options.alwaysSample().isEmpty();
    this.buffer =
        conditional
            ? new TraceBuffer(
                new KeepConditions(options.alwaysSample(), new CostEstimator()),
                batches::onEnd,
                options.bufferMaxSpans(),
                options.bufferMaxBytes(),
                options.bufferTimeout().toNanos(),
                System::nanoTime)
            : null;
    this.processor =
        new ConditionalSamplingProcessor(
            batches, buffer, Math.max(1024, Math.min(options.bufferMaxSpans(), 65_536)));
    this.provider =
        SdkTracerProvider.builder()
            .setResource(resource(options))
            .setSampler(new HeadSampler(options.samplingRate(), conditional))
            .setSpanLimits(
                SpanLimits.builder()
                    .setMaxAttributeValueLength(options.maxAttributeLength())
                    .build())
            .addSpanProcessor(processor)
            .build();
    this.tracer = provider.get(INSTRUMENTATION_NAME, version());
    if (options.shutdownHook()) {
      this.shutdownHook = new Thread(this::shutdown, "lumina-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      this.shutdownHook = null;
    }
  }

  /** Starts Lumina: nothing is sent until the first span ends. */
  public static Lumina init(LuminaOptions options) {
    return new Lumina(Objects.requireNonNull(options, "options"));
  }

  /**
   * Runs {@code call} inside an LLM span; its result fills model, usage and response when it is an
   * OpenAI, Anthropic, Spring AI or LangChain4j response (a string is the response text). An
   * exception is recorded on the span and re-thrown unchanged.
   */
  public <T> T traceLLM(Supplier<T> call, TraceOptions options) {
    Objects.requireNonNull(call, "call");
    return traceLLM(span -> call.get(), options);
  }

  /**
   * Runs {@code call} inside an LLM span it can describe through {@link LlmSpan} (model, usage,
   * prompt, response, custom prices, attributes). Its result fills what was not set explicitly. An
   * exception is recorded on the span and re-thrown unchanged.
   */
  public <T> T traceLLM(Function<LlmSpan, T> call, TraceOptions options) {
    Objects.requireNonNull(call, "call");
    RecordingLlmSpan span = startLlm(options, Context.current());
    T result;
    try (Scope ignored = span.context().makeCurrent()) {
      result = call.apply(span);
    } catch (Throwable t) {
      span.end(t);
      throw Lumina.<RuntimeException>sneakyThrow(t);
    }
    span.result(result);
    span.end();
    return result;
  }

  /**
   * Runs {@code body} inside a span named {@code name} that LLM calls and other spans started in it
   * nest under (retrieval, embedding, vector search, synthesis...). An exception is recorded and
   * re-thrown unchanged.
   */
  public <T> T span(String name, Supplier<T> body) {
    Objects.requireNonNull(body, "body");
    RecordingSpan span = start(name, Context.current());
    T result;
    try (Scope ignored = span.context().makeCurrent()) {
      result = body.get();
    } catch (Throwable t) {
      span.end(t);
      throw Lumina.<RuntimeException>sneakyThrow(t);
    }
    span.end();
    return result;
  }

  /**
   * Starts an LLM span under the current span, for callback-style instrumentation; end it with
   * {@link StartedSpan#end()}.
   */
  public StartedLlmSpan startLlmSpan(TraceOptions options) {
    return startLlm(options, Context.current());
  }

  /** Starts an LLM span under {@code parent}. */
  public StartedLlmSpan startLlmSpan(TraceOptions options, Context parent) {
    return startLlm(options, Objects.requireNonNull(parent, "parent"));
  }

  /** Starts a plain span under {@code parent}; end it with {@link StartedSpan#end()}. */
  public StartedSpan startSpan(String name, Context parent) {
    return start(name, Objects.requireNonNull(parent, "parent"));
  }

  /**
   * Sends every span ended so far (of traces kept so far) and waits for it, up to the export
   * timeout. Returns false when an export failed meanwhile (after retries) or the wait timed out.
   */
  public boolean flush() {
    long failedBefore = exporter.failed();
    CompletableResultCode result = provider.forceFlush();
    result.join(options.exportTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    return result.isSuccess() && exporter.failed() == failedBefore;
  }

  /** Counters of what was exported, buffered, kept and dropped. */
  public LuminaStats stats() {
    long handoffDropped = processor.handoffDropped();
    if (buffer == null) {
      return new LuminaStats(
          exporter.exported(), exporter.failed(), 0, 0, 0, 0, 0, 0, 0, handoffDropped);
    }
    return new LuminaStats(
        exporter.exported(),
        exporter.failed(),
        buffer.bufferedSpans(),
        buffer.bufferedBytes(),
        buffer.peakSpans(),
        buffer.peakBytes(),
        buffer.kept(),
        buffer.sampledOut(),
        buffer.timedOut(),
        buffer.dropped() + handoffDropped);
  }

  public LuminaOptions options() {
    return options;
  }

  /** Flushes, then stops exporting. Spans of traces still waiting for their root are dropped. */
  @Override
  public void close() {
    shutdown();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs or ran
      }
    }
  }

  private synchronized void shutdown() {
    if (closed) {
      return;
    }
    closed = true;
    flush();
    provider
        .shutdown()
        .join(options.exportTimeout().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
  }

  private RecordingLlmSpan startLlm(TraceOptions options, Context parent) {
    TraceOptions o = options == null ? TraceOptions.defaults() : options;
    Span span =
        tracer
            .spanBuilder(o.name())
            .setParent(parent)
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(o.startAttributes())
            .startSpan();
    return new RecordingLlmSpan(span, parent, this.options.captureContent());
  }

  private RecordingSpan start(String name, Context parent) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("span name must not be blank");
    }
    return new RecordingSpan(tracer.spanBuilder(name).setParent(parent).startSpan(), parent);
  }

  private static SpanExporter exporter(LuminaOptions options) {
    if (options.exporter() != null) {
      return options.exporter();
    }
    OtlpHttpSpanExporterBuilder builder =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(options.tracesEndpoint().toString())
            .setCompression("gzip")
            .setTimeout(options.exportTimeout())
            // 429/502/503/504 and connection errors; Retry-After wins over the backoff
            .setRetryPolicy(
                RetryPolicy.builder()
                    .setMaxAttempts(5)
                    .setInitialBackoff(Duration.ofSeconds(1))
                    .setMaxBackoff(Duration.ofSeconds(10))
                    .setBackoffMultiplier(2)
                    .build());
    if (options.apiKey() != null) {
      builder.addHeader("Authorization", "Bearer " + options.apiKey());
    }
    return builder.build();
  }

  private static Resource resource(LuminaOptions options) {
    return Resource.getDefault()
        .merge(
            Resource.builder()
                .put(AttributeKey.stringKey("service.name"), options.serviceName())
                .put(AttributeKey.stringKey("telemetry.distro.name"), "lumina-sdk")
                .put(AttributeKey.stringKey("telemetry.distro.version"), version())
                .build());
  }

  static String version() {
    String v = Lumina.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }
}
