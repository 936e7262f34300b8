package io.lumina.model;

import java.util.Locale;

/** The standard span status: ok, error or degraded. Ordered from best to worst. */
public enum SpanStatus {
  OK,
  DEGRADED,
  ERROR;

  /** The value stored in the database and shown in the API. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SpanStatus fromWireName(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** The worse of two statuses: a trace is as bad as its worst span. */
  public SpanStatus worst(SpanStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
