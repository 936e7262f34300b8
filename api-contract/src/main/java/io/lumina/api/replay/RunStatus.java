package io.lumina.api.replay;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run stands. Queued and running runs are resumed when the service starts. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  CANCELLED,
  FAILED;

  /** The lower-case name, as stored and as the API shows it. */
  @JsonValue
  public String db() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus of(String db) {
    return valueOf(db.toUpperCase(Locale.ROOT));
  }

  public boolean finished() {
    return this == COMPLETED || this == CANCELLED || this == FAILED;
  }
}
