package io.lumina.storage.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A tiny parameterized SQL builder. SQL text comes only from constants in the code; every value
 * goes through {@link #bind}, which returns a named placeholder ({@code :p1}, {@code :p2}...).
 * Fragments use {@code ?} for "the next value", replaced by a fresh placeholder, so a value can
 * never become SQL.
 */
public final class Sql {
  private final StringBuilder text = new StringBuilder(512);
  private final Map<String, Object> params = new LinkedHashMap<>();
  private boolean whereStarted;

  /** Appends fixed SQL text (never a value). */
  public Sql append(String sqlText) {
    text.append(sqlText);
    return this;
  }

  /** Records a value and returns its placeholder, for callers composing text themselves. */
  public String bind(Object value) {
    String name = "p" + (params.size() + 1);
    params.put(name, value);
    return ":" + name;
  }

  /** Appends a fragment, replacing each {@code ?} with a placeholder bound to the next value. */
  public Sql fragment(String fragment, Object... values) {
    int next = 0;
    for (int i = 0; i < fragment.length(); i++) {
      char c = fragment.charAt(i);
      if (c == '?') {
        if (next >= values.length) {
          throw new IllegalArgumentException("fewer values than placeholders in: " + fragment);
        }
        text.append(bind(values[next++]));
      } else {
        text.append(c);
      }
    }
    if (next != values.length) {
      throw new IllegalArgumentException("more values than placeholders in: " + fragment);
    }
    return this;
  }

  /** Appends {@code WHERE} before the first condition and {@code AND} before the others. */
  public Sql and(String fragment, Object... values) {
    text.append(whereStarted ? "\n  AND " : "\nWHERE ");
    whereStarted = true;
    return fragment(fragment, values);
  }

  /** Starts a new WHERE clause (after a sub-query or CTE that had its own). */
  public Sql resetWhere() {
    whereStarted = false;
    return this;
  }

  /** Appends a condition only when the value is present. */
  public Sql andIf(Object value, String fragment) {
    return value == null ? this : and(fragment, value);
  }

  /** The JDBC value for a timestamptz parameter. */
  public static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** A nullable timestamptz column as an instant. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  public String text() {
    return text.toString();
  }

  public Map<String, Object> params() {
    return params;
  }

  @Override
  public String toString() {
    return text + " " + params;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sql s && s.text().equals(text()) && Objects.equals(s.params, params);
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }
}
