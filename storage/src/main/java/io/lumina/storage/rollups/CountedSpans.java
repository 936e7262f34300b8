package io.lumina.storage.rollups;

import io.lumina.model.UsageRole;

/**
 * Which stored spans count in totals, as SQL: the one place the rule is written for the database. A
 * span counts when its {@code usage_role} is {@code call} ({@link UsageRole#counted()}); an {@code
 * aggregate} span repeats the usage of the calls below it, and a {@code none} span reports nothing.
 * Trace summaries, hourly rollups, analytics over raw spans, alert measures and replay selection
 * all use these expressions, never a copy (docs/conventions.md, "Counting each call once").
 *
 * <p>A span keeps what it reported whatever its role: these expressions decide only what is added
 * up and under which model and provider it is listed.
 */
public final class CountedSpans {
  private static final String CALL = UsageRole.CALL.wireName();

  private CountedSpans() {}

  /**
   * True for a span row whose usage (tokens, cost, request, model) is counted. {@code alias} is the
   * table alias ({@code s}), or empty for unqualified columns.
   */
  public static String condition(String alias) {
    return column(alias, "usage_role") + " = '" + CALL + "'";
  }

  /** The model a total lists the span under: its model when counted, else null. */
  public static String model(String alias) {
    return "CASE WHEN " + condition(alias) + " THEN " + column(alias, "model") + " END";
  }

  /** The provider a total lists the span under: its provider when counted, else null. */
  public static String provider(String alias) {
    return "CASE WHEN " + condition(alias) + " THEN " + column(alias, "provider") + " END";
  }

  private static String column(String alias, String column) {
    return alias == null || alias.isEmpty() ? column : alias + "." + column;
  }
}
