package io.lumina.bench.query;

import io.lumina.storage.rollups.HourlyRollups;
import io.lumina.storage.rollups.TraceSummaries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Generates a realistic store in SQL (INSERT ... SELECT generate_series: a million spans in well
 * under a minute): traces of four spans (a root and three LLM calls) spread evenly over the 7 days
 * before {@code now}, 20 services, 12 models of which one is unpriced, 5 000 users, 2% errors, and
 * the trace summaries and hourly rollups computed from the spans by the storage module's own
 * statements.
 */
final class BenchData {
  static final int SERVICES = 20;
  static final String[] MODELS = {
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4.1",
    "o3-mini",
    "claude-sonnet-4-5",
    "claude-haiku-4-5",
    "claude-opus-4-1",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "mistral-large",
    "deepseek-chat",
    "in-house-llm"
  };
  static final String[] PROVIDERS = {
    "openai",
    "openai",
    "openai",
    "openai",
    "anthropic",
    "anthropic",
    "anthropic",
    "google",
    "google",
    "mistral",
    "deepseek",
    "self"
  };
  // USD per 1M tokens (input, output); the last model has no price
  static final double[] INPUT = {2.5, 0.15, 2.0, 1.1, 3.0, 1.0, 15.0, 1.25, 0.3, 2.0, 0.27, -1};
  static final double[] OUTPUT = {10.0, 0.6, 8.0, 4.4, 15.0, 5.0, 75.0, 10.0, 2.5, 6.0, 1.1, -1};

  private BenchData() {}

  static String service(int i) {
    return "svc-" + (i % SERVICES);
  }

  static String model(int i) {
    return MODELS[i % (MODELS.length - 1)];
  }

  static void generate(Connection c, int spans, Instant now) throws SQLException {
    Instant from = now.minus(7, ChronoUnit.DAYS);
    try (PreparedStatement ps = c.prepareStatement("SELECT lumina_ensure_span_partition(?)")) {
      for (LocalDate d : QueryBenchmark.days(from, now)) {
        ps.setObject(1, d);
        ps.execute();
      }
    }
    int traces = spans / 4;
    double secondsPerTrace = 7 * 86400.0 / traces;
    try (PreparedStatement ps =
        c.prepareStatement(
            """
        INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, service_name, scope_name,
            start_time, start_time_unix_nano, end_time_unix_nano, latency_ms, status, is_llm, usage_role, model, provider,
            prompt_tokens, completion_tokens, total_tokens, cost_usd, pricing_source, unpriced, unpriced_reason,
            catalog_version,
            prompt, response, user_id, session_id, attributes, resource_attributes, received_at)
        SELECT 'default', lpad(to_hex(k + 1), 32, '0'), lpad(to_hex(g + 1), 16, '0'),
               CASE WHEN p = 0 THEN NULL ELSE lpad(to_hex(k * 4 + 1), 16, '0') END,
               CASE WHEN p = 0 THEN 'handle_request' ELSE 'chat ' || m.model END, 2,
               'svc-' || (k * 7919 % ?), 'bench',
               t, (extract(epoch FROM t) * 1e9)::bigint,
               (extract(epoch FROM t) * 1e9)::bigint + (lat * 1e6)::bigint, lat,
               CASE WHEN (g * 101) % 100 < 2 THEN 'error' ELSE 'ok' END,
               p > 0, CASE WHEN p > 0 THEN 'call' ELSE 'none' END,
               CASE WHEN p > 0 THEN m.model END, CASE WHEN p > 0 THEN m.provider END,
               CASE WHEN p > 0 THEN pt END, CASE WHEN p > 0 THEN ct END, CASE WHEN p > 0 THEN pt + ct END,
               CASE WHEN p > 0 AND m.input >= 0 THEN round(CAST((pt * m.input + ct * m.output) / 1e6 AS numeric), 10) END,
               CASE WHEN p = 0 THEN 'NONE' WHEN m.input < 0 THEN 'UNPRICED' ELSE 'CATALOG' END,
               p > 0 AND m.input < 0, CASE WHEN p > 0 AND m.input < 0 THEN 'unknown_model' END,
               CASE WHEN p > 0 AND m.input >= 0 THEN 'bench' END,
               CASE WHEN p > 0 THEN 'question ' || g END, CASE WHEN p > 0 THEN 'answer ' || g END,
               'u' || (k * 13 % 5000), 's' || (k % 20000),
               jsonb_build_object('customer', 'c' || (k % 200), 'env', 'prod', 'attempt', p),
               jsonb_build_object('service.name', 'svc-' || (k * 7919 % ?)),
               now()
        FROM generate_series(0, ? - 1) g,
             LATERAL (SELECT g / 4 AS k, g % 4 AS p) kp,
             LATERAL (SELECT ?::timestamptz + make_interval(secs => (g / 4) * ?) + (g % 4) * interval '10 ms' AS t,
                             CASE WHEN g % 4 = 0 THEN 3000.0 ELSE 200 + (g * 37) % 4000 END AS lat,
                             100 + (g * 13) % 2000 AS pt, 20 + (g * 17) % 500 AS ct) x,
             LATERAL (SELECT (CAST(? AS text[]))[1 + (g * 31) % ?] AS model,
                             (CAST(? AS text[]))[1 + (g * 31) % ?] AS provider,
                             (CAST(? AS float8[]))[1 + (g * 31) % ?] AS input,
                             (CAST(? AS float8[]))[1 + (g * 31) % ?] AS output) m
        """)) {
      int i = 1;
      ps.setInt(i++, SERVICES);
      ps.setInt(i++, SERVICES);
      ps.setInt(i++, traces * 4);
      ps.setObject(i++, from.atOffset(ZoneOffset.UTC));
      ps.setDouble(i++, secondsPerTrace);
      ps.setArray(i++, c.createArrayOf("text", MODELS));
      ps.setInt(i++, MODELS.length);
      ps.setArray(i++, c.createArrayOf("text", PROVIDERS));
      ps.setInt(i++, MODELS.length);
      ps.setArray(i++, c.createArrayOf("float8", box(INPUT)));
      ps.setInt(i++, MODELS.length);
      ps.setArray(i++, c.createArrayOf("float8", box(OUTPUT)));
      ps.setInt(i++, MODELS.length);
      ps.executeUpdate();
    }
    // the summaries and rollups with the writer's own statements, over every generated span
    try (Statement s = c.createStatement()) {
      s.executeUpdate(TraceSummaries.mergeSpansOf("spans"));
    }
    try (PreparedStatement ps = c.prepareStatement(HourlyRollups.INSERT_STORED)) {
      ps.setString(1, "default");
      ps.setObject(2, from.minus(1, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC));
      ps.setObject(3, now.plus(1, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC));
      ps.executeUpdate();
    }
    try (Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE");
    }
  }

  private static Double[] box(double[] values) {
    Double[] boxed = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
