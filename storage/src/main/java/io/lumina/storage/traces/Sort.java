package io.lumina.storage.traces;

import java.util.Locale;

/** The orders of the trace and span lists. Each is paired with the id as a tie-breaker. */
public enum Sort {
  TIME,
  COST,
  LATENCY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Sort parse(String value) {
    for (Sort s : values()) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    return null;
  }
}
