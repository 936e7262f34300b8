package io.lumina.query.search;

import io.lumina.model.Ids;
import io.lumina.query.web.BadParameterException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset position of a page: the sort key and id of the last row returned. Opaque to clients
 * (base64url text), so its layout may change. Keyset rather than offset pagination keeps pages
 * stable while spans keep arriving: a row is never returned twice and no existing row is skipped.
 *
 * @param value the sort key of the last row: epoch microseconds for time, a decimal for cost and
 *     latency
 * @param spanId the span id for span lists, empty for trace lists
 */
public record Cursor(Sort sort, boolean descending, String value, String traceId, String spanId) {

  private static final String VERSION = "c1";

  public String encode() {
    String raw =
        String.join(
            "\n", VERSION, sort.wireName(), descending ? "desc" : "asc", value, traceId, spanId);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes and checks that the cursor belongs to a list with this sort and order. */
  public static Cursor decode(String encoded, Sort sort, boolean descending, boolean spanLevel) {
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)
              .split("\n", -1);
    } catch (IllegalArgumentException e) {
      throw bad("cursor is not a cursor returned by this API");
    }
    if (parts.length != 6 || !VERSION.equals(parts[0])) {
      throw bad("cursor is not a cursor returned by this API");
    }
    if (!sort.wireName().equals(parts[1]) || !(descending ? "desc" : "asc").equals(parts[2])) {
      throw bad(
          "cursor was made for sort="
              + parts[1]
              + "&order="
              + parts[2]
              + "; repeat the same sort and order, or start again without a cursor");
    }
    if (!Ids.isHexTraceId(parts[4]) || (spanLevel ? !isHexSpanId(parts[5]) : !parts[5].isEmpty())) {
      throw bad("cursor is not a cursor returned by this API");
    }
    try {
      switch (sort) {
        case TIME -> Long.parseLong(parts[3]);
        case COST -> new BigDecimal(parts[3]);
        case LATENCY -> {
          if (!Double.isFinite(Double.parseDouble(parts[3]))) {
            throw bad("cursor is not a cursor returned by this API");
          }
        }
      }
    } catch (NumberFormatException e) {
      throw bad("cursor is not a cursor returned by this API");
    }
    return new Cursor(sort, descending, parts[3], parts[4], parts[5]);
  }

  /** The sort key as the JDBC value to compare with. */
  public Object sqlValue() {
    return switch (sort) {
      case TIME -> TimeParam.toSql(TimeParam.fromEpochMicros(Long.parseLong(value)));
      case COST -> new BigDecimal(value);
      case LATENCY -> Double.parseDouble(value);
    };
  }

  private static boolean isHexSpanId(String id) {
    return id.length() == 16 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  private static BadParameterException bad(String message) {
    return new BadParameterException("cursor", message);
  }
}
