package io.lumina.storage.traces;

import io.lumina.storage.sql.Sql;

/**
 * The WHERE conditions of a span search, for the {@code spans} table under alias {@code s}. Used by
 * the span list, and inside the trace list's {@code EXISTS} for filters the trace summary cannot
 * answer (provider, attributes, free text).
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
    spanOnly(sql, f);
  }

  /** All filters: at span level. */
  static void spanOnly(Sql sql, SpanFilters f) {
    sql.andIf(f.provider(), "s.provider = ?");
    spanDetail(sql, f);
  }

  /** The filters only spans can answer: attributes and free text. */
  static void spanDetail(Sql sql, SpanFilters f) {
    for (SpanFilters.AttributeFilter a : f.attributes()) {
      // one containment test per typed candidate, each served by the GIN index (jsonb_path_ops)
      StringBuilder or = new StringBuilder("(");
      Object[] values = new Object[a.jsonCandidates().size() * 2];
      int i = 0;
      for (String candidate : a.jsonCandidates()) {
        if (i > 0) {
          or.append(" OR ");
        }
        or.append("s.attributes @> CAST(? AS jsonb) OR s.resource_attributes @> CAST(? AS jsonb)");
        values[i++] = candidate;
        values[i++] = candidate;
      }
      sql.and(or.append(')').toString(), values);
    }
    if (f.text() != null) {
      sql.and(FreeText.CONDITION, f.text());
    }
  }

  static boolean needsSpans(SpanFilters f) {
    return !f.attributes().isEmpty() || f.text() != null;
  }
}
