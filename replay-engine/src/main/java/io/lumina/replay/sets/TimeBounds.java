package io.lumina.replay.sets;

import io.lumina.replay.web.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the time filters of a capture: relative ranges ("24h") and absolute instants. */
final class TimeBounds {
  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([smhdw])");

  /** Spans are kept for days (TRACE_RETENTION_DAYS), never years: a longer range is a typo. */
  static final Duration MAX_RANGE = Duration.ofDays(366);

  private TimeBounds() {}

  static Duration range(String value, String field) {
    String v = value.strip();
    Duration d;
    Matcher m = RELATIVE.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
          };
    } else {
      try {
        d = Duration.parse(v);
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(
            field, field + " must look like 30m, 24h, 7d, 2w or PT6H, not '" + value + "'");
      }
    }
    if (d.isNegative() || d.isZero() || d.compareTo(MAX_RANGE) > 0) {
      throw new InvalidInputException(field, field + " must be positive and at most 366 days");
    }
    return d;
  }

  static Instant instant(String value, String field) {
    String v = value.strip();
    try {
      if (v.chars().allMatch(Character::isDigit) && !v.isEmpty() && v.length() <= 12) {
        return Instant.ofEpochSecond(Long.parseLong(v));
      }
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new InvalidInputException(
          field,
          field
              + " must be ISO-8601 (2026-11-27T10:00:00Z or 2026-11-27) or epoch seconds, not '"
              + value
              + "'");
    }
  }
}
