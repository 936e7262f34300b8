package io.lumina.ingestion.zipkin;

import com.google.protobuf.ByteString;
import io.lumina.ingestion.web.BodyRejectedException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zipkin v2 JSON (a list of spans) to OTLP, the way the OpenTelemetry Collector's Zipkin receiver
 * maps it: {@code localEndpoint.serviceName} becomes the resource's {@code service.name}, tags
 * become attributes, annotations become events, the {@code error} tag (or {@code otel.status_code})
 * becomes the status, microseconds become nanoseconds, and 64-bit trace ids are left-padded to 128
 * bits.
 */
final class ZipkinSpanConverter {
  static final String SCOPE_NAME = "zipkin";
  private static final HexFormat HEX = HexFormat.of();

  private final JsonMapper mapper = JsonMapper.builder().build();

  ExportTraceServiceRequest convert(byte[] body) throws BodyRejectedException {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw BodyRejectedException.malformed("invalid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw BodyRejectedException.malformed("a Zipkin v2 body is a JSON array of spans");
    }
    Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode node : root.values()) {
      if (!node.isObject()) {
        throw BodyRejectedException.malformed("span " + index + " is not a JSON object");
      }
      String service = text(node.path("localEndpoint").path("serviceName"));
      byService
          .computeIfAbsent(
              service == null || service.isEmpty() ? "unknown_service" : service,
              s ->
                  ScopeSpans.newBuilder()
                      .setScope(InstrumentationScope.newBuilder().setName(SCOPE_NAME)))
          .addSpans(span(node, index++));
    }
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    byService.forEach(
        (service, spans) ->
            request.addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder().addAttributes(string("service.name", service)))
                    .addScopeSpans(spans)));
    return request.build();
  }

  private static Span span(JsonNode node, int index) throws BodyRejectedException {
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(id(node, "traceId", 16, index))
            .setSpanId(id(node, "id", 8, index))
            .setName(nonNull(text(node.path("name"))))
            .setKind(kind(text(node.path("kind"))));
    if (hasText(node.path("parentId"))) {
      span.setParentSpanId(id(node, "parentId", 8, index));
    }
    long start = micros(node.path("timestamp"), "timestamp", index);
    long duration = micros(node.path("duration"), "duration", index);
    span.setStartTimeUnixNano(nanos(start, index))
        .setEndTimeUnixNano(nanos(start + duration, index));

    JsonNode local = node.path("localEndpoint");
    endpoint(span, local, "network.local.address", "network.local.port", null);
    endpoint(
        span,
        node.path("remoteEndpoint"),
        "network.peer.address",
        "network.peer.port",
        "peer.service");
    Status.Builder status = Status.newBuilder();
    for (Map.Entry<String, JsonNode> tag : node.path("tags").properties()) {
      String key = tag.getKey();
      String value = text(tag.getValue());
      switch (key) {
        case "error" -> {
          status.setCode(Status.StatusCode.STATUS_CODE_ERROR);
          if (value != null && !value.isEmpty() && !value.equalsIgnoreCase("true")) {
            status.setMessage(value);
          }
        }
        case "otel.status_code" ->
            status.setCode(
                switch (nonNull(value).toUpperCase(Locale.ROOT)) {
                  case "ERROR" -> Status.StatusCode.STATUS_CODE_ERROR;
                  case "OK" -> Status.StatusCode.STATUS_CODE_OK;
                  default -> status.getCode();
                });
        case "otel.status_description" -> status.setMessage(nonNull(value));
        default -> span.addAttributes(string(key, nonNull(value)));
      }
    }
    if (status.getCode() != Status.StatusCode.STATUS_CODE_UNSET) {
      span.setStatus(status);
    }
    for (JsonNode annotation : node.path("annotations").values()) {
      long at = micros(annotation.path("timestamp"), "annotation timestamp", index);
      span.addEvents(
          Span.Event.newBuilder()
              .setTimeUnixNano(nanos(at, index))
              .setName(nonNull(text(annotation.path("value")))));
    }
    return span.build();
  }

  private static void endpoint(
      Span.Builder span, JsonNode endpoint, String addressKey, String portKey, String serviceKey) {
    if (!endpoint.isObject()) {
      return;
    }
    String service = text(endpoint.path("serviceName"));
    if (serviceKey != null && service != null && !service.isEmpty()) {
      span.addAttributes(string(serviceKey, service));
    }
    String address =
        hasText(endpoint.path("ipv6")) ? text(endpoint.path("ipv6")) : text(endpoint.path("ipv4"));
    if (address != null && !address.isEmpty()) {
      span.addAttributes(string(addressKey, address));
    }
    if (endpoint.path("port").isIntegralNumber()) {
      span.addAttributes(
          KeyValue.newBuilder()
              .setKey(portKey)
              .setValue(AnyValue.newBuilder().setIntValue(endpoint.path("port").asLong())));
    }
  }

  /**
   * Zipkin ids are lower-hex, and may be shorter than their width; Zipkin itself left-pads them.
   */
  private static ByteString id(JsonNode node, String field, int bytes, int index)
      throws BodyRejectedException {
    String hex = text(node.path(field));
    if (hex == null || hex.isEmpty()) {
      return ByteString.EMPTY; // the span validator rejects it with the usual message
    }
    int width = bytes * 2;
    if (hex.length() > width) {
      throw BodyRejectedException.malformed(
          "span "
              + index
              + ": "
              + field
              + " has "
              + hex.length()
              + " hex characters, at most "
              + width);
    }
    String padded = "0".repeat(width - hex.length()) + hex;
    try {
      return ByteString.copyFrom(HEX.parseHex(padded));
    } catch (IllegalArgumentException e) {
      throw BodyRejectedException.malformed(
          "span " + index + ": " + field + " is not hex: '" + hex + "'");
    }
  }

  private static long micros(JsonNode value, String field, int index) throws BodyRejectedException {
    if (value.isMissingNode() || value.isNull()) {
      return 0;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw BodyRejectedException.malformed(
          "span " + index + ": " + field + " must be a non-negative integer of microseconds");
    }
    return value.asLong();
  }

  private static long nanos(long micros, int index) throws BodyRejectedException {
    try {
      return Math.multiplyExact(micros, 1000L);
    } catch (ArithmeticException e) {
      throw BodyRejectedException.malformed("span " + index + ": timestamp out of range");
    }
  }

  private static Span.SpanKind kind(String kind) {
    if (kind == null) {
      return Span.SpanKind.SPAN_KIND_INTERNAL;
    }
    return switch (kind.toUpperCase(Locale.ROOT)) {
      case "CLIENT" -> Span.SpanKind.SPAN_KIND_CLIENT;
      case "SERVER" -> Span.SpanKind.SPAN_KIND_SERVER;
      case "PRODUCER" -> Span.SpanKind.SPAN_KIND_PRODUCER;
      case "CONSUMER" -> Span.SpanKind.SPAN_KIND_CONSUMER;
      default -> Span.SpanKind.SPAN_KIND_INTERNAL;
    };
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static boolean hasText(JsonNode node) {
    String text = text(node);
    return text != null && !text.isEmpty();
  }

  /** A string node's value, any other scalar as its JSON text, null for missing or null. */
  private static String text(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    return node.isString() ? node.stringValue() : node.toString();
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
