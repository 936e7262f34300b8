package io.lumina.security;

import java.util.Locale;

/**
 * What a key may do within its project. Roles are not a ladder: an ingest key cannot read (an
 * application's exporter key leaking must not expose the prompts of every other application), and a
 * read key cannot write anything (it is the key for scripts, Grafana, the dashboard's viewers). An
 * admin key may do everything within its project, including ingesting; an admin key of the default
 * project is the platform administrator, who alone may create projects and manage the keys of other
 * projects.
 */
public enum ApiKeyRole {
  /** Send spans to the ingestion service. Nothing else. */
  INGEST,
  /** Read the project's data through GET requests of the query API and replay engine. */
  READ,
  /** Everything within the project: read, ingest, change settings, replay, manage keys. */
  ADMIN;

  /** Whether a key with this role may do what {@code required} stands for. */
  public boolean permits(ApiKeyRole required) {
    return this == ADMIN || this == required;
  }

  /**
   * Parses {@code ingest}, {@code read} or {@code admin} in any case; a clear message otherwise.
   */
  public static ApiKeyRole parse(String value) {
    if (value != null) {
      for (ApiKeyRole role : values()) {
        if (role.name().equals(value.strip().toUpperCase(Locale.ROOT))) {
          return role;
        }
      }
    }
    throw new IllegalArgumentException(
        "role must be one of ingest, read, admin (got '" + value + "')");
  }
}
