package io.lumina.query.alerts;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alert windows as requests write them: "1h", "30m", "1d" or ISO-8601 ("PT1H"), 1 minute to 1 day.
 * Responses write them with {@link io.lumina.api.alerts.AlertWindow}.
 */
final class Windows {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,5})\\s*(s|m|h|d)");

  private Windows() {}

  static int seconds(String field, String text) {
    if (text == null || text.isBlank()) {
      throw AlertApiException.badField(field, field + " is required, e.g. \"1h\" or \"30m\"");
    }
    Duration d;
    Matcher m = SHORT.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw AlertApiException.badField(
            field, field + " must look like \"1h\", \"30m\" or \"PT1H\", not \"" + text + "\"");
      }
    }
    if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
      throw AlertApiException.badField(field, field + " must be between 1m and 1d");
    }
    return (int) d.toSeconds();
  }
}
