package io.lumina.query.export;

import io.lumina.api.traces.SpanView;
import io.lumina.query.web.QueryProperties;
import io.lumina.storage.export.ExportQuery;
import io.lumina.storage.export.ExportedSpan;
import io.lumina.storage.export.SpanExportReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams spans from storage to an output stream one at a time, as JSONL or OTLP JSON: at most
 * {@code lumina.query.export.fetch-size} rows are in memory, whatever the range. Writing blocks
 * while the client is slow, and so does reading.
 */
@Component
class SpanExporter {
  enum Format {
    JSONL,
    OTLP_JSON
  }

  record Request(String projectId, Instant from, Instant to, String service, Format format) {}

  // a failed export must not end in a document that looks complete: closing the generator after a
  // failure leaves open arrays and objects open
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_CONTENT).build();

  private final SpanExportReader spans;
  private final int fetchSize;
  private final Counter rowsRead;

  SpanExporter(SpanExportReader spans, QueryProperties properties, MeterRegistry meters) {
    this.spans = spans;
    this.fetchSize = properties.export().fetchSize();
    this.rowsRead =
        Counter.builder("lumina.query.export.rows")
            .description("span rows read from PostgreSQL by exports")
            .register(meters);
  }

  void write(Request r, OutputStream out) throws IOException {
    ExportQuery query = new ExportQuery(r.projectId(), r.from(), r.to(), r.service());
    try (JsonGenerator g = JSON.createGenerator(new NonClosing(out))) {
      if (r.format() == Format.JSONL) {
        spans.read(query, fetchSize, span -> jsonl(span, g));
      } else {
        g.writeStartObject();
        g.writeName("resourceSpans");
        g.writeStartArray();
        spans.read(query, fetchSize, span -> otlp(span, g));
        g.writeEndArray();
        g.writeEndObject();
      }
      g.flush();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void jsonl(ExportedSpan s, JsonGenerator g) {
    rowsRead.increment();
    g.writeStartObject();
    g.writeStringProperty("traceId", s.traceId());
    g.writeStringProperty("spanId", s.spanId());
    g.writeStringProperty("parentSpanId", s.parentSpanId());
    g.writeStringProperty("name", s.name());
    g.writeNumberProperty("kind", s.kind());
    g.writeStringProperty("service", s.service());
    g.writeStringProperty("scope", s.scope());
    g.writeNumberProperty("startTimeUnixNano", s.startTimeUnixNano());
    g.writeNumberProperty("endTimeUnixNano", s.endTimeUnixNano());
    g.writeNumberProperty("latencyMs", s.latencyMs());
    g.writeStringProperty("status", s.status());
    g.writeStringProperty("statusMessage", s.statusMessage());
    g.writeBooleanProperty("llm", s.llm());
    g.writeStringProperty("model", s.model());
    g.writeStringProperty("provider", s.provider());
    g.writeName("tokens");
    g.writeStartObject();
    SpanView.Tokens t = s.tokens();
    longOrNull(g, "prompt", t.prompt());
    longOrNull(g, "completion", t.completion());
    longOrNull(g, "total", t.total());
    longOrNull(g, "cacheRead", t.cacheRead());
    longOrNull(g, "cacheWrite", t.cacheWrite());
    longOrNull(g, "reasoning", t.reasoning());
    g.writeEndObject();
    g.writeName("costUsd");
    if (s.costUsd() == null) {
      g.writeNull();
    } else {
      g.writeNumber(s.costUsd());
    }
    g.writeStringProperty("pricingSource", s.pricingSource());
    g.writeBooleanProperty("unpriced", s.unpriced());
    g.writeStringProperty("unpricedReason", s.unpricedReason());
    g.writeStringProperty("usageRole", s.usageRole());
    g.writeStringProperty("catalogVersion", s.catalogVersion());
    g.writeStringProperty("prompt", s.prompt());
    g.writeStringProperty("response", s.response());
    g.writeStringProperty("userId", s.userId());
    g.writeStringProperty("sessionId", s.sessionId());
    raw(g, "attributes", s.attributes());
    raw(g, "resourceAttributes", s.resourceAttributes());
    raw(g, "events", s.events());
    raw(g, "links", s.links());
    g.writeEndObject();
    g.writeRaw('\n');
  }

  /** One resourceSpans of the ExportTraceServiceRequest per span, so that nothing is buffered. */
  private void otlp(ExportedSpan s, JsonGenerator g) {
    rowsRead.increment();
    g.writeStartObject();
    g.writeName("resource");
    g.writeStartObject();
    g.writeName("attributes");
    keyValues(g, JSON.readTree(s.resourceAttributes()));
    g.writeEndObject();
    g.writeName("scopeSpans");
    g.writeStartArray();
    g.writeStartObject();
    g.writeName("scope");
    g.writeStartObject();
    g.writeStringProperty("name", s.scope() == null ? "" : s.scope());
    g.writeEndObject();
    g.writeName("spans");
    g.writeStartArray();
    g.writeStartObject();
    g.writeStringProperty("traceId", s.traceId());
    g.writeStringProperty("spanId", s.spanId());
    if (s.parentSpanId() != null) {
      g.writeStringProperty("parentSpanId", s.parentSpanId());
    }
    g.writeStringProperty("name", s.name());
    g.writeNumberProperty("kind", s.kind());
    g.writeStringProperty("startTimeUnixNano", Long.toString(s.startTimeUnixNano()));
    g.writeStringProperty("endTimeUnixNano", Long.toString(s.endTimeUnixNano()));
    g.writeName("attributes");
    keyValues(g, JSON.readTree(s.attributes()));
    if (s.events() != null) {
      g.writeName("events");
      g.writeStartArray();
      for (JsonNode e : JSON.readTree(s.events())) {
        g.writeStartObject();
        g.writeStringProperty("name", e.path("name").asString(""));
        g.writeStringProperty("timeUnixNano", e.path("timeUnixNano").asString("0"));
        g.writeName("attributes");
        keyValues(g, e.path("attributes"));
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeName("status");
    g.writeStartObject();
    // OTLP: 0 unset, 1 ok, 2 error; degraded is Lumina's own and travels as lumina.status
    g.writeNumberProperty("code", "error".equals(s.status()) ? 2 : 0);
    if (s.statusMessage() != null) {
      g.writeStringProperty("message", s.statusMessage());
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  /** A stored attribute object as OTLP JSON KeyValues, keeping each value's type. */
  private static void keyValues(JsonGenerator g, JsonNode object) {
    g.writeStartArray();
    if (object != null && object.isObject()) {
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        g.writeStartObject();
        g.writeStringProperty("key", e.getKey());
        g.writeName("value");
        anyValue(g, e.getValue());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
  }

  private static void anyValue(JsonGenerator g, JsonNode v) {
    g.writeStartObject();
    if (v.isString()) {
      g.writeStringProperty("stringValue", v.stringValue());
    } else if (v.isBoolean()) {
      g.writeBooleanProperty("boolValue", v.booleanValue());
    } else if (v.isIntegralNumber()) {
      g.writeStringProperty("intValue", v.asString());
    } else if (v.isNumber()) {
      g.writeNumberProperty("doubleValue", v.doubleValue());
    } else if (v.isArray()) {
      g.writeName("arrayValue");
      g.writeStartObject();
      g.writeName("values");
      g.writeStartArray();
      for (JsonNode item : v) {
        anyValue(g, item);
      }
      g.writeEndArray();
      g.writeEndObject();
    } else if (v.isObject()) {
      g.writeName("kvlistValue");
      g.writeStartObject();
      g.writeName("values");
      keyValues(g, v);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void longOrNull(JsonGenerator g, String name, Long value) {
    if (value != null) {
      g.writeNumberProperty(name, value);
    }
  }

  private static void raw(JsonGenerator g, String name, String json) {
    g.writeName(name);
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(json);
    }
  }

  /** The servlet stream is closed by the container, not by the JSON generator. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
