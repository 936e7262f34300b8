package io.lumina.ingestion.ingest;

/**
 * Per-span size limits. Spans over them are kept but trimmed, the way the OpenTelemetry SDK's own
 * span limits trim them (and counted in {@code dropped_attributes_count}), so a trace still arrives
 * whole.
 *
 * @param maxAttributesPerSpan attributes kept on a span or on one of its events; later ones are
 *     dropped
 * @param maxAttributeValueLength characters kept of a string value (bytes of a bytes value), also
 *     inside arrays and key-value lists
 */
public record SpanLimits(int maxAttributesPerSpan, int maxAttributeValueLength) {
  public SpanLimits {
    if (maxAttributesPerSpan < 1 || maxAttributeValueLength < 1) {
      throw new IllegalArgumentException("span limits must be positive");
    }
  }
}
