package io.lumina.storage.traces;

import io.lumina.storage.sql.Sql;

/**
 * ORDER BY and "after the cursor" conditions for keyset pagination over one table alias. The sort
 * key is paired with the row's id columns so that the order is total; cost sorts as -1 when unknown
 * so that the key is never null (null keys would break the row comparison).
 */
final class Keyset {
  private Keyset() {}

  static String sortExpression(String alias, Sort sort, boolean traceLevel) {
    return switch (sort) {
      case TIME -> alias + ".start_time";
      case COST -> "coalesce(" + alias + ".cost_usd, -1)";
      case LATENCY -> alias + (traceLevel ? ".duration_ms" : ".latency_ms");
    };
  }

  /** Adds the condition "strictly after the cursor row" in the list's order. */
  static void after(Sql sql, String alias, SearchQuery query, boolean traceLevel) {
    Cursor c = query.cursor();
    if (c == null) {
      return;
    }
    String op = query.descending() ? "<" : ">";
    String key = sortExpression(alias, query.sort(), traceLevel);
    Object value = c.sqlValue();
    if (query.sort() == Sort.TIME) {
      // redundant with the row comparison below, but lets the planner use the start-time index
      // range
      sql.and(key + (query.descending() ? " <= ?" : " >= ?"), value);
    }
    if (traceLevel) {
      sql.and("(" + key + ", " + alias + ".trace_id) " + op + " (?, ?)", value, c.traceId());
    } else {
      sql.and(
          "(" + key + ", " + alias + ".trace_id, " + alias + ".span_id) " + op + " (?, ?, ?)",
          value,
          c.traceId(),
          c.spanId());
    }
  }

  static String orderBy(String alias, SearchQuery query, boolean traceLevel) {
    String dir = query.descending() ? " DESC" : " ASC";
    String key = sortExpression(alias, query.sort(), traceLevel);
    return "\nORDER BY "
        + key
        + dir
        + ", "
        + alias
        + ".trace_id"
        + dir
        + (traceLevel ? "" : ", " + alias + ".span_id" + dir);
  }
}
