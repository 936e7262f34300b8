package io.lumina.worker.alerts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes traces straight into the span table (with past timestamps where a test needs history): a
 * root span carrying {@code http.route} and one LLM child with cost, latency, status, prompt and
 * response, plus the trace summary row.
 */
public final class SpanSeeder {
  private final JdbcTemplate jdbc;
  private final String project;

  public SpanSeeder(JdbcTemplate jdbc, String project) {
    this.jdbc = jdbc;
    this.project = project;
  }

  /** One LLM call of a trace; returns its trace id. */
  public record Call(
      String service,
      String route,
      Instant start,
      double costUsd,
      double latencyMs,
      String status,
      String prompt,
      String response) {
    public static Call cost(String service, Instant start, double costUsd) {
      return new Call(service, "/api/chat", start, costUsd, 800, "ok", null, null);
    }

    public static Call answer(String service, Instant start, String prompt, String response) {
      return new Call(service, "/api/search", start, 0.001, 800, "ok", prompt, response);
    }
  }

  public String trace(Call c) {
    return traces(java.util.List.of(c)).getFirst();
  }

  /** Writes the calls in three batched statements; returns their trace ids in order. */
  public java.util.List<String> traces(java.util.List<Call> calls) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    java.util.List<Object[]> spans = new java.util.ArrayList<>();
    java.util.List<Object[]> traces = new java.util.ArrayList<>();
    java.util.Set<LocalDate> days = new java.util.TreeSet<>();
    for (Call c : calls) {
      String traceId = hex(16);
      String rootId = hex(8);
      String llmId = hex(8);
      ids.add(traceId);
      days.add(LocalDate.ofInstant(c.start(), ZoneOffset.UTC));
      long startNanos = c.start().getEpochSecond() * 1_000_000_000L + c.start().getNano();
      long endNanos = startNanos + (long) (c.latencyMs() * 1_000_000);
      Timestamp start = Timestamp.from(c.start());
      spans.add(
          new Object[] {
            project,
            traceId,
            rootId,
            null,
            "POST " + c.route(),
            c.service(),
            start,
            startNanos,
            endNanos,
            c.latencyMs(),
            "ok",
            false,
            null,
            null,
            null,
            null,
            null,
            "{\"http.route\": \"" + c.route() + "\"}",
            start
          });
      spans.add(
          new Object[] {
            project,
            traceId,
            llmId,
            rootId,
            "chat gpt-4o",
            c.service(),
            start,
            startNanos,
            endNanos,
            c.latencyMs(),
            c.status(),
            true,
            "gpt-4o",
            "openai",
            c.costUsd(),
            c.prompt(),
            c.response(),
            "{}",
            start
          });
      traces.add(
          new Object[] {
            project,
            traceId,
            start,
            Timestamp.from(c.start().plusMillis((long) c.latencyMs())),
            c.latencyMs(),
            rootId,
            "POST " + c.route(),
            c.service(),
            c.costUsd(),
            c.status()
          });
    }
    for (LocalDate day : days) {
      jdbc.queryForObject("SELECT lumina_ensure_span_partition(?)", String.class, day);
    }
    jdbc.batchUpdate(
        """
        INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, service_name, start_time,
            start_time_unix_nano, end_time_unix_nano, latency_ms, status, is_llm, usage_role, model, provider,
            cost_usd, prompt, response, attributes, received_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'call', ?, ?, ?, ?, ?, ?::jsonb, ?)""",
        spans);
    jdbc.batchUpdate(
        """
        INSERT INTO traces (project_id, trace_id, start_time, end_time, duration_ms, root_span_id, root_name,
            service_name, span_count, llm_span_count, cost_usd, status)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2, 1, ?, ?)""",
        traces);
    return ids;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1; // never all zero
    return HexFormat.of().formatHex(b);
  }
}
