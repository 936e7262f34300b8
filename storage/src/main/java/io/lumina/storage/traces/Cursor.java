package io.lumina.storage.traces;

import io.lumina.model.Ids;
import io.lumina.storage.sql.Sql;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Keyset position of a page: the sort key and id of the last row returned. Opaque to clients
 * (base64url text), so its layout may change. Keyset rather than offset pagination keeps pages
 * stable while spans keep arriving: a row is never returned twice and no existing row is skipped.
 *
 * @param value the sort key of the last row: epoch microseconds for time (PostgreSQL keeps
 *     microseconds), a decimal for cost and latency
 * @param spanId the span id for span lists, empty for trace lists
 */
public record Cursor(Sort sort, boolean descending, String value, String traceId, String spanId) {

  private static final String VERSION = "c1";
  private static final String NOT_OURS = "cursor is not a cursor returned by this API";

  public String encode() {
    String raw =
        String.join(
            "\n", VERSION, sort.wireName(), descending ? "desc" : "asc", value, traceId, spanId);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes and checks that the cursor belongs to a list with this sort and order.
   *
   * @throws IllegalArgumentException saying what is wrong with it, for the caller's 400
   */
  public static Cursor decode(String encoded, Sort sort, boolean descending, boolean spanLevel) {
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)
              .split("\n", -1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NOT_OURS);
    }
    if (parts.length != 6 || !VERSION.equals(parts[0])) {
      throw new IllegalArgumentException(NOT_OURS);
    }
    if (!sort.wireName().equals(parts[1]) || !(descending ? "desc" : "asc").equals(parts[2])) {
      throw new IllegalArgumentException(
          "cursor was made for sort="
              + parts[1]
              + "&order="
              + parts[2]
              + "; repeat the same sort and order, or start again without a cursor");
    }
    if (!Ids.isHexTraceId(parts[4]) || (spanLevel ? !isHexSpanId(parts[5]) : !parts[5].isEmpty())) {
      throw new IllegalArgumentException(NOT_OURS);
    }
    try {
      switch (sort) {
        case TIME -> Long.parseLong(parts[3]);
        case COST -> new BigDecimal(parts[3]);
        case LATENCY -> {
          if (!Double.isFinite(Double.parseDouble(parts[3]))) {
            throw new IllegalArgumentException(NOT_OURS);
          }
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(NOT_OURS);
    }
    return new Cursor(sort, descending, parts[3], parts[4], parts[5]);
  }

  /** The sort key as the JDBC value to compare with. */
  Object sqlValue() {
    return switch (sort) {
      case TIME -> Sql.timestamp(Instant.EPOCH.plus(Long.parseLong(value), ChronoUnit.MICROS));
      case COST -> new BigDecimal(value);
      case LATENCY -> Double.parseDouble(value);
    };
  }

  /** The cursor value of a row's sort key as read back from the {@code sort_key} column. */
  static String value(Sort sort, ResultSet rs) throws SQLException {
    return switch (sort) {
      case TIME ->
          Long.toString(
              ChronoUnit.MICROS.between(
                  Instant.EPOCH, rs.getObject("sort_key", OffsetDateTime.class).toInstant()));
      case COST -> rs.getBigDecimal("sort_key").toPlainString();
      case LATENCY -> Double.toString(rs.getDouble("sort_key"));
    };
  }

  private static boolean isHexSpanId(String id) {
    return id.length() == 16 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }
}
