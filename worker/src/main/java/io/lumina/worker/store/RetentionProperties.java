package io.lumina.worker.store;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * How long spans are kept ({@code lumina.retention.*}).
 *
 * @param days whole days of spans kept before today (UTC); older day partitions are dropped, and
 *     summaries and rollups older than that deleted. Environment {@code TRACE_RETENTION_DAYS},
 *     default 7; 0 keeps everything forever
 * @param schedule when the cleanup runs, a standard five-field cron expression in UTC (minute hour
 *     day-of-month month day-of-week, e.g. {@code "0 2 * * *"}) or a macro such as {@code @daily}.
 *     Environment {@code CLEANUP_SCHEDULE}, default {@code "0 0 * * *"} (midnight)
 */
@Validated
@ConfigurationProperties("lumina.retention")
public record RetentionProperties(
    @DefaultValue("7") @Min(0) int days, @DefaultValue("0 0 * * *") @NotBlank String schedule) {

  public RetentionProperties {
    springCron(schedule); // fails start-up with the reason when the expression is wrong
  }

  public boolean keepsForever() {
    return days == 0;
  }

  /** The schedule in Spring's six-field form (seconds first). */
  public String springCron() {
    return springCron(schedule);
  }

  /**
   * Converts a five-field cron expression to Spring's six fields by prepending the seconds; macros
   * ({@code @daily}...) pass through. Rejects anything else with a message naming the expected
   * form.
   */
  static String springCron(String fiveFields) {
    if (fiveFields == null || fiveFields.isBlank()) {
      throw new IllegalArgumentException(
          "lumina.retention.schedule (CLEANUP_SCHEDULE) must not be blank");
    }
    String trimmed = fiveFields.trim();
    String spring;
    if (trimmed.startsWith("@")) {
      spring = trimmed.toLowerCase(Locale.ROOT);
    } else {
      String[] fields = trimmed.split("\\s+");
      if (fields.length != 5) {
        throw new IllegalArgumentException(
            "lumina.retention.schedule (CLEANUP_SCHEDULE) must have five fields"
                + " (minute hour day-of-month month day-of-week), e.g. \"0 2 * * *\"; got \""
                + fiveFields
                + "\"");
      }
      spring = "0 " + String.join(" ", fields);
    }
    try {
      CronExpression.parse(spring);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "lumina.retention.schedule (CLEANUP_SCHEDULE) \""
              + fiveFields
              + "\" is not a valid cron expression: "
              + e.getMessage(),
          e);
    }
    return spring;
  }
}
