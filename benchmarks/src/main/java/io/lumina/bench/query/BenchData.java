package io.lumina.bench.query;

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
 * the trace summaries and hourly rollups computed from the spans exactly as the worker maintains
 * them.
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
            start_time, start_time_unix_nano, end_time_unix_nano, latency_ms, status, is_llm, model, provider,
            prompt_tokens, completion_tokens, total_tokens, cost_usd, pricing_source, unpriced, catalog_version,
            prompt, response, user_id, session_id, attributes, resource_attributes, received_at)
        SELECT 'default', lpad(to_hex(k + 1), 32, '0'), lpad(to_hex(g + 1), 16, '0'),
               CASE WHEN p = 0 THEN NULL ELSE lpad(to_hex(k * 4 + 1), 16, '0') END,
               CASE WHEN p = 0 THEN 'handle_request' ELSE 'chat ' || m.model END, 2,
               'svc-' || (k * 7919 % ?), 'bench',
               t, (extract(epoch FROM t) * 1e9)::bigint,
               (extract(epoch FROM t) * 1e9)::bigint + (lat * 1e6)::bigint, lat,
               CASE WHEN (g * 101) % 100 < 2 THEN 'error' ELSE 'ok' END,
               p > 0, CASE WHEN p > 0 THEN m.model END, CASE WHEN p > 0 THEN m.provider END,
               CASE WHEN p > 0 THEN pt END, CASE WHEN p > 0 THEN ct END, CASE WHEN p > 0 THEN pt + ct END,
               CASE WHEN p > 0 AND m.input >= 0 THEN round(CAST((pt * m.input + ct * m.output) / 1e6 AS numeric), 10) END,
               CASE WHEN p = 0 THEN 'NONE' WHEN m.input < 0 THEN 'UNPRICED' ELSE 'CATALOG' END,
               p > 0 AND m.input < 0,
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
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          """
          INSERT INTO traces (project_id, trace_id, start_time, end_time, duration_ms, root_span_id, root_name,
              service_name, span_count, llm_span_count, prompt_tokens, completion_tokens, total_tokens, cost_usd,
              unpriced_spans, status, models, user_id, session_id)
          SELECT s.project_id, s.trace_id, min(s.start_time), to_timestamp(max(s.end_time_unix_nano) / 1e9),
                 (max(s.end_time_unix_nano) - min(s.start_time_unix_nano)) / 1e6,
                 (array_agg(s.span_id ORDER BY s.parent_span_id IS NOT NULL, s.start_time_unix_nano))[1],
                 (array_agg(s.name ORDER BY s.parent_span_id IS NOT NULL, s.start_time_unix_nano))[1],
                 (array_agg(s.service_name ORDER BY s.parent_span_id IS NOT NULL, s.start_time_unix_nano))[1],
                 count(*), count(*) FILTER (WHERE s.is_llm), sum(s.prompt_tokens), sum(s.completion_tokens),
                 sum(s.total_tokens), sum(s.cost_usd), count(*) FILTER (WHERE s.unpriced),
                 CASE WHEN bool_or(s.status = 'error') THEN 'error' ELSE 'ok' END,
                 coalesce(array_agg(DISTINCT s.model) FILTER (WHERE s.model IS NOT NULL), '{}'),
                 min(s.user_id), min(s.session_id)
          FROM spans s GROUP BY s.project_id, s.trace_id""");
      s.executeUpdate(
          """
          INSERT INTO span_rollups_hourly (project_id, hour, service_name, model, provider, span_count,
              llm_span_count, error_count, degraded_count, prompt_tokens, completion_tokens, cache_read_tokens,
              cache_write_tokens, reasoning_tokens, cost_usd, unpriced_count, latency_ms_sum, latency_ms_max)
          SELECT project_id, date_trunc('hour', start_time, 'UTC'), service_name, coalesce(model, ''),
                 coalesce(provider, ''), count(*), count(*) FILTER (WHERE is_llm),
                 count(*) FILTER (WHERE status = 'error'), count(*) FILTER (WHERE status = 'degraded'),
                 coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0), 0, 0, 0,
                 coalesce(sum(cost_usd), 0), count(*) FILTER (WHERE unpriced), sum(latency_ms), max(latency_ms)
          FROM spans GROUP BY 1, 2, 3, 4, 5""");
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
