package io.lumina.ingestion;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Spans made by the real OpenTelemetry SDK, and the SDK's own OTLP encodings of them: binary, and
 * the JSON its internal marshaler writes (the encoding the OTLP JSON exporters of the SDK family
 * send).
 */
public final class SdkSpans {
  private SdkSpans() {}

  /**
   * An LLM-style trace: a server root, a client child with GenAI attributes, an event, a link, an
   * error.
   */
  public static List<SpanData> llmTrace(String service) {
    List<SpanData> out = new ArrayList<>();
    SpanExporter collect =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            out.addAll(spans);
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), service))))
            .addSpanProcessor(SimpleSpanProcessor.create(collect))
            .build()) {
      Tracer tracer = provider.get("io.lumina.test", "1.0");
      Span root = tracer.spanBuilder("POST /chat").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        Span llm =
            tracer
                .spanBuilder("chat gpt-4o")
                .setSpanKind(SpanKind.CLIENT)
                .addLink(
                    root.getSpanContext(),
                    Attributes.of(AttributeKey.stringKey("link.kind"), "same-trace"))
                .startSpan();
        llm.setAttribute("gen_ai.system", "openai");
        llm.setAttribute("gen_ai.request.model", "gpt-4o");
        llm.setAttribute("gen_ai.usage.input_tokens", 1200L);
        llm.setAttribute("gen_ai.usage.output_tokens", 300L);
        llm.setAttribute("gen_ai.request.temperature", 0.2);
        llm.setAttribute("gen_ai.stream", false);
        llm.setAttribute(
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"));
        llm.setAttribute(
            AttributeKey.longArrayKey("lumina.test.longs"), List.of(1L, -2L, Long.MAX_VALUE));
        llm.setAttribute("gen_ai.prompt", "Say \"hi\" in 日本語 🙂");
        llm.addEvent("gen_ai.choice", Attributes.of(AttributeKey.stringKey("message"), "こんにちは"));
        llm.setStatus(StatusCode.ERROR, "rate limited");
        llm.end();
      }
      root.end();
    }
    return out;
  }

  public static byte[] protobuf(Collection<SpanData> spans) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TraceRequestMarshaler.create(spans).writeBinaryTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] json(Collection<SpanData> spans) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TraceRequestMarshaler.create(spans).writeJsonTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
