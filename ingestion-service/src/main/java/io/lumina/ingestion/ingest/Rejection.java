package io.lumina.ingestion.ingest;

/** Why one span was not accepted: the three invalid-span rules of the OTLP receiver contract. */
public enum Rejection {
  INVALID_TRACE_ID("invalid_trace_id", "trace id not 16 bytes or all zero"),
  INVALID_SPAN_ID("invalid_span_id", "span id not 8 bytes or all zero"),
  END_BEFORE_START("end_before_start", "end time before start time");

  private final String tag;
  private final String description;

  Rejection(String tag, String description) {
    this.tag = tag;
    this.description = description;
  }

  /** The metric tag. */
  public String tag() {
    return tag;
  }

  String description() {
    return description;
  }
}
