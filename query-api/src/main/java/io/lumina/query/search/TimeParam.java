package io.lumina.query.search;

import io.lumina.query.web.BadParameterException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Time parameters: ISO-8601 ({@code 2026-11-27T10:00:00Z}, with an offset, a local date-time taken
 * as UTC, or a date meaning its UTC midnight) or epoch seconds (fractions allowed). Years are
 * limited to 1970..9999 so that no value can overflow PostgreSQL's timestamp range into a 500.
 */
public final class TimeParam {
  private static final Instant MIN = Instant.EPOCH;
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

  private TimeParam() {}

  public static Instant parse(String parameter, String value) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    if (v.isEmpty()) {
      throw new BadParameterException(parameter, parameter + " must not be empty");
    }
    Instant instant =
        v.matches("-?\\d{1,15}(\\.\\d{1,9})?") ? epochSeconds(parameter, v) : iso(parameter, v);
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new BadParameterException(
          parameter, parameter + " must be between 1970 and 9999: " + value);
    }
    return instant;
  }

  private static Instant epochSeconds(String parameter, String v) {
    BigDecimal seconds = new BigDecimal(v);
    BigDecimal nanos = seconds.movePointRight(9);
    if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(MAX.getEpochSecond())) > 0) {
      throw new BadParameterException(
          parameter, parameter + " must be between 1970 and 9999: " + v);
    }
    long whole = seconds.longValue();
    return Instant.ofEpochSecond(
        whole, nanos.subtract(BigDecimal.valueOf(whole).movePointRight(9)).longValue());
  }

  private static Instant iso(String parameter, String v) {
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException ignored) {
      // next form
    }
    try {
      return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next form
    }
    try {
      return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new BadParameterException(
          parameter,
          parameter
              + " must be ISO-8601 (2026-11-27T10:00:00Z, 2026-11-27) or epoch seconds: "
              + v);
    }
  }

  /** The JDBC value for a timestamptz parameter. */
  public static OffsetDateTime toSql(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
