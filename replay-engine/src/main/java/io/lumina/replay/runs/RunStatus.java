package io.lumina.replay.runs;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run stands. Queued and running runs are resumed when the service starts. */
enum RunStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  CANCELLED,
  FAILED;

  @JsonValue
  String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RunStatus of(String db) {
    return valueOf(db.toUpperCase(Locale.ROOT));
  }

  boolean finished() {
    return this == COMPLETED || this == CANCELLED || this == FAILED;
  }
}
