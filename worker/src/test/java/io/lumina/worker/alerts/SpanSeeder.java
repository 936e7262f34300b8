package io.lumina.worker.alerts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes traces straight into the span table (with past timestamps where a test needs history): a root
 * span carrying {@code http.route} and one LLM child with cost, latency, status, prompt and response,
 * plus the trace summary row.
 */
public final class SpanSeeder {
  private final JdbcTemplate jdbc;
  private final String project;

  public SpanSeeder(JdbcTemplate jdbc, String project) {
    this.jdbc = jdbc;
    this.project = project;
  }

  /** One LLM call of a trace; returns its trace id. */
  public record Call(String service, String route, Instant start, double costUsd, double latencyMs, String status,
      String prompt, String response) {
    public static Call cost(String service, Instant start, double costUsd) {
      return new Call(service, "/api/chat", start, costUsd, 800, "ok", null, null);
    }

    public static Call answer(String service, Instant start, String prompt, String response) {
      return new Call(service, "/api/search", start, 0.001, 800, "ok", prompt, response);
    }
  }

  public String trace(Call c) {
    String traceId = hex(16);
    String rootId = hex(8);
    String llmId = hex(8);
    jdbc.queryForObject("SELECT lumina_ensure_span_partition(?)", String.class,
        LocalDate.ofInstant(c.start(), ZoneOffset.UTC));
    long startNanos = c.start().getEpochSecond() * 1_000_000_000L + c.start().getNano();
    long endNanos = startNanos + (long) (c.latencyMs() * 1_000_000);
    Timestamp start = Timestamp.from(c.start());
    String sql = """
        INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, service_name, start_time,
            start_time_unix_nano, end_time_unix_nano, latency_ms, status, is_llm, model, provider, cost_usd,
            prompt, response, attributes, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""";
    jdbc.update(sql, project, traceId, rootId, null, "POST " + c.route(), c.service(), start, startNanos, endNanos,
        c.latencyMs(), "ok", false, null, null, null, null, null,
        "{\"http.route\": \"" + c.route() + "\"}", start);
    jdbc.update(sql, project, traceId, llmId, rootId, "chat gpt-4o", c.service(), start, startNanos, endNanos,
        c.latencyMs(), c.status(), true, "gpt-4o", "openai", c.costUsd(), c.prompt(), c.response(), "{}", start);
    jdbc.update("""
        INSERT INTO traces (project_id, trace_id, start_time, end_time, duration_ms, root_span_id, root_name,
            service_name, span_count, llm_span_count, cost_usd, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2, 1, ?, ?)""",
        project, traceId, start, Timestamp.from(c.start().plusMillis((long) c.latencyMs())), c.latencyMs(), rootId,
        "POST " + c.route(), c.service(), c.costUsd(), c.status());
    return traceId;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1; // never all zero
    return HexFormat.of().formatHex(b);
  }
}
