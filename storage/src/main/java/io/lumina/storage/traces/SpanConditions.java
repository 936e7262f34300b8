package io.lumina.storage.traces;

import io.lumina.storage.sql.Sql;
import java.util.Collections;
import java.util.List;

/**
 * The WHERE conditions of a span search, for the {@code spans} table under alias {@code s}: every
 * filter for the span list, and the attribute tests the trace list's semi-joins use.
 */
final class SpanConditions {
  private SpanConditions() {}

  /** Every filter, at span level. */
  static void all(Sql sql, SpanFilters f) {
    sql.andIf(f.service(), "s.service_name = ?");
    if (f.model() != null) {
      // a span naming a model is an LLM call: lets the planner use the partial index on (model,
      // time)
      sql.and("s.model = ? AND s.is_llm", f.model());
    }
    sql.andIf(f.status(), "s.status = ?");
    sql.andIf(f.userId(), "s.user_id = ?");
    sql.andIf(f.sessionId(), "s.session_id = ?");
    sql.andIf(f.name(), "s.name = ?");
    sql.andIf(f.minCost(), "s.cost_usd >= ?");
    sql.andIf(f.maxCost(), "s.cost_usd <= ?");
    sql.andIf(f.minLatencyMs(), "s.latency_ms >= ?");
    sql.andIf(f.maxLatencyMs(), "s.latency_ms <= ?");
    if (f.from() != null) {
      sql.and("s.start_time >= ?", Sql.timestamp(f.from()));
    }
    if (f.to() != null) {
      sql.and("s.start_time < ?", Sql.timestamp(f.to()));
    }
    sql.andIf(f.provider(), "s.provider = ?");
    for (SpanFilters.AttributeFilter a : f.attributes()) {
      // one containment test per typed candidate, each served by the GIN index (jsonb_path_ops)
      sql.and(
          anyOf(
              a.jsonCandidates().size(),
              "s.attributes @> CAST(? AS jsonb) OR s.resource_attributes @> CAST(? AS jsonb)"),
          twice(a.jsonCandidates()));
    }
    if (f.text() != null) {
      sql.and(FreeText.CONDITION, f.text());
    }
  }

  /**
   * One attribute filter against span attributes only (the trace list asks summaries for the rest).
   */
  static void spanAttribute(Sql sql, SpanFilters.AttributeFilter a) {
    sql.and(
        anyOf(a.jsonCandidates().size(), "s.attributes @> CAST(? AS jsonb)"),
        a.jsonCandidates().toArray());
  }

  /**
   * One attribute filter against the trace summaries' resources under {@code alias}, served by
   * their GIN index (V120__trace_resources.sql).
   */
  static void traceResource(Sql sql, String alias, SpanFilters.AttributeFilter a) {
    sql.and(resourceTest(alias, a), a.resourceCandidates().toArray());
  }

  /** The condition of {@link #traceResource}, with a {@code ?} per resource candidate. */
  static String resourceTest(String alias, SpanFilters.AttributeFilter a) {
    return anyOf(a.resourceCandidates().size(), alias + ".resources @> CAST(? AS jsonb)");
  }

  /** {@code (test OR test ...)}, {@code n} times. */
  private static String anyOf(int n, String test) {
    return "(" + String.join(" OR ", Collections.nCopies(n, test)) + ")";
  }

  private static Object[] twice(List<String> candidates) {
    Object[] values = new Object[candidates.size() * 2];
    for (int i = 0; i < candidates.size(); i++) {
      values[2 * i] = candidates.get(i);
      values[2 * i + 1] = candidates.get(i);
    }
    return values;
  }
}
