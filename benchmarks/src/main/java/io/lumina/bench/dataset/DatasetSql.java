package io.lumina.bench.dataset;

/**
 * The SQL that writes one day of generated spans: {@code INSERT ... SELECT} over {@code
 * generate_series}, every value derived from the trace and span index by {@code
 * hashint8extended(index, seed)}, so the same seed gives the same dataset and the server does all
 * the work.
 *
 * <p>The distributions follow the benchmark traffic ({@code io.lumina.bench.e2e.TrafficGenerator}):
 * four services, six models of four providers, 500 users, 5,000 sessions, prompts of 40 to 300
 * words and responses of 20 to 150 words from the same vocabulary, 2% of traces failing (the root
 * and the first LLM call), most traces of five spans (HTTP entry, vector search, LLM call, tool
 * call, LLM call) and one trace in {@value #AGENT_ONE_IN} an agent run of 50 to 2,000 spans
 * alternating LLM and tool calls; the first trace of every day is an agent run of exactly 2,000
 * spans, so a benchmark always finds one.
 */
final class DatasetSql {
  /** One trace in this many is an agent run. */
  static final int AGENT_ONE_IN = 1000;

  /** Spans in the largest agent run. */
  static final int MAX_AGENT_SPANS = 2000;

  /**
   * Mean spans per trace: five for ordinary traces, 1,025 on average for agent runs (50 to 2,000).
   */
  static final double MEAN_SPANS_PER_TRACE =
      5.0 * (AGENT_ONE_IN - 1) / AGENT_ONE_IN + (50 + MAX_AGENT_SPANS) / 2.0 / AGENT_ONE_IN;

  /**
   * Seconds the last trace of a day may last: an agent run takes 1.5 s per span plus its root's
   * margin, so no trace leaves the day partition it starts in.
   */
  static final int DAY_MARGIN_SECONDS = MAX_AGENT_SPANS * 3 / 2 + 100;

  static final String[] SERVICES = {"chat-api", "rag-pipeline", "support-bot", "summarizer"};

  /** Provider, model, USD per million input tokens, per million output tokens. */
  static final String[][] MODELS = {
    {"openai", "gpt-4o-mini", "0.15", "0.6"},
    {"openai", "gpt-4o-2024-08-06", "2.5", "10"},
    {"anthropic", "claude-sonnet-4-5", "3", "15"},
    {"anthropic", "claude-3-5-haiku-20241022", "0.8", "4"},
    {"gcp.gemini", "gemini-2.5-flash", "0.3", "2.5"},
    {"openai", "ft:gpt-4o-mini:acme:support:abc123", "0.3", "1.2"}
  };

  static final String WORDS =
      "the customer asked about refund policy for annual plans and whether"
          + " invoices can be split across cost centers please summarize the attached contract clauses and list"
          + " obligations deadlines penalties renewal terms data retention security incident notification"
          + " according to section retrieval context document chunk answer concisely cite sources";

  /** Distinct prompt and response texts the spans draw from (each span picks one by hash). */
  static final int TEXTS = 2000;

  /**
   * The pool of texts: {@code TEXTS} rows of 40 to 300 words (prompts) and 20 to 150 words
   * (responses), random words of {@link #WORDS} plus an order number, so free text has common and
   * rare terms. Parameters: seed (a double in [-1, 1]).
   */
  static final String CREATE_TEXTS =
      """
      CREATE TABLE bench_texts AS
      WITH w AS (SELECT string_to_array('%s', ' ') AS words)
      SELECT i AS id,
             (SELECT string_agg(word, ' ') FROM (
                SELECT w.words[1 + floor(random() * array_length(w.words, 1))::int] AS word
                FROM generate_series(1, 40 + (i * 7919) %% 261) n) x)
               || ' order ORD-' || (i * 104729) %% 1000000 AS prompt,
             (SELECT string_agg(word, ' ') FROM (
                SELECT w.words[1 + floor(random() * array_length(w.words, 1))::int] AS word
                FROM generate_series(1, 20 + (i * 6151) %% 131) n) x) AS response
      FROM w, generate_series(0, %d - 1) i"""
          .formatted(WORDS, TEXTS);

  /**
   * Inserts the spans of traces {@code [first, first + count)} into {@code %1$s}, starting on the
   * day beginning at parameter 4. Parameters: seed, first trace index, trace count, day start
   * (timestamptz), seconds between trace starts, project id, received at (timestamptz).
   */
  static String insertDay(String table) {
    StringBuilder models = new StringBuilder();
    for (String[] m : MODELS) {
      if (!models.isEmpty()) {
        models.append(", ");
      }
      models.append("('%s', '%s', %s, %s)".formatted(m[0], m[1], m[2], m[3]));
    }
    String services = "ARRAY['" + String.join("', '", SERVICES) + "']";
    return """
        WITH params AS (SELECT CAST(? AS bigint) AS seed, CAST(? AS bigint) AS first,
                               CAST(? AS bigint) AS count, CAST(? AS timestamptz) AS day,
                               CAST(? AS double precision) AS spacing, CAST(? AS text) AS project,
                               CAST(? AS timestamptz) AS received),
        models AS MATERIALIZED (SELECT row_number() OVER () - 1 AS i, provider, model, input_price, output_price,
                          'chat ' || model AS llm_name,
                          jsonb_build_object('gen_ai.operation.name', 'chat', 'gen_ai.provider.name', provider,
                                             'gen_ai.request.model', model, 'gen_ai.response.model', model)
                            AS llm_attributes
                   FROM (VALUES %2$s) v(provider, model, input_price, output_price)),
        drawn AS (
          SELECT k, k - params.first AS local,
                 abs(hashint8extended(k, params.seed)) AS h,
                 CASE WHEN k = params.first THEN %3$d
                      WHEN abs(hashint8extended(k, params.seed + 1)) %% %4$d = 0
                        THEN 50 + abs(hashint8extended(k, params.seed + 2)) %% (%3$d - 49)
                      ELSE 5 END AS n
          FROM params, generate_series(params.first, params.first + params.count - 1) k),
        -- what every span of a trace shares, computed once per trace rather than once per span
        -- (MATERIALIZED: inlined, the expressions would be evaluated again for every span)
        traces AS MATERIALIZED (
          SELECT d.*,
                 params.day + make_interval(secs => d.local * params.spacing + (d.h %% 1000) / 1000.0) AS trace_start,
                 lpad(to_hex(params.seed %% 65536), 4, '0') || lpad(to_hex(d.k), 28, '0') AS trace_id,
                 lpad(to_hex(d.k %% 4096), 3, '0') AS span_prefix,
                 (%7$s)[1 + d.h %% %8$d] AS service,
                 'user-' || (d.h / 3) %% 500 AS user_ref,
                 jsonb_build_object('service.name', (%7$s)[1 + d.h %% %8$d],
                                    'service.version', '1.' || (d.h / 7) %% 5 || '.0',
                                    'deployment.environment.name',
                                    CASE WHEN (d.h / 19) %% 50 = 0 THEN 'staging'
                                         WHEN (d.h / 19) %% 50 = 1 THEN 'development' ELSE 'production' END,
                                    'telemetry.sdk.language', CASE WHEN (d.h / 23) %% 2 = 0 THEN 'python' ELSE 'nodejs' END)
                   AS resource
          FROM params, drawn d),
        rows AS (
          SELECT t.k, t.n, p, t.h, t.trace_start, t.trace_id, t.span_prefix, t.service, t.user_ref, t.resource,
                 abs(hashint8extended(t.k * %3$d + p, params.seed + 3)) AS hs,
                 t.h %% 50 = 0 AS failed,
                 t.n > 5 AS agent
          FROM params, traces t, generate_series(0, t.n - 1) p),
        shaped AS (
          SELECT r.*,
                 CASE WHEN r.p = 0 THEN 'root'
                      WHEN NOT r.agent AND r.p = 1 THEN 'retrieval'
                      WHEN NOT r.agent AND r.p = 3 THEN 'tool'
                      WHEN r.agent AND r.p %% 3 = 0 THEN 'tool'
                      ELSE 'llm' END AS role,
                 CASE WHEN r.agent THEN r.p * 1500.0
                      ELSE (ARRAY[0, 5, 50, 1250, 1340])[r.p + 1] END AS offset_ms,
                 r.failed AND r.p = 2 AS failed_call
          FROM rows r),
        timed AS (
          SELECT s.*,
                 s.trace_start + make_interval(secs => s.offset_ms / 1000.0) AS start_time,
                 CASE s.role
                   WHEN 'root' THEN CASE WHEN s.agent THEN s.n * 1500.0 + 2000 ELSE 2500 + s.h %% 400 END
                   WHEN 'retrieval' THEN 40.0
                   WHEN 'tool' THEN 80.0 + s.hs %% 40
                   ELSE 300.0 + s.hs %% 1500 END AS latency_ms,
                 m.provider, m.model, m.input_price, m.output_price, m.llm_name, m.llm_attributes,
                 200 + (s.hs / 7) %% 3000 AS input_tokens, 20 + (s.hs / 11) %% 600 AS output_tokens,
                 (s.hs / 13) %% 4 AS convention
          FROM shaped s JOIN models m ON m.i = (s.hs / 3) %% %5$d),
        texts AS (
          SELECT t.*, x.prompt, x.response
          FROM timed t JOIN bench_texts x ON x.id = (t.hs / 17) %% %6$d)
        INSERT INTO %1$s (project_id, trace_id, span_id, parent_span_id, name, kind, service_name,
            scope_name, start_time, start_time_unix_nano, end_time_unix_nano, latency_ms, status,
            status_message, is_llm, usage_role, model, provider, prompt_tokens, completion_tokens,
            total_tokens, cache_read_tokens, cost_usd, pricing_source, unpriced, catalog_version,
            prompt, response, temperature, user_id, session_id, attributes, resource_attributes,
            received_at)
        SELECT params.project,
               trace_id,
               span_prefix || lpad(to_hex(p), 13, '0'),
               CASE WHEN p = 0 THEN NULL ELSE span_prefix || '0000000000000' END,
               CASE role WHEN 'root' THEN CASE WHEN agent THEN 'agent.run' ELSE 'POST /v1/chat' END
                         WHEN 'retrieval' THEN 'vector.search'
                         WHEN 'tool' THEN 'tool.lookup_invoice'
                         ELSE llm_name END,
               CASE role WHEN 'root' THEN 2 WHEN 'tool' THEN 1 ELSE 3 END,
               service, 'io.lumina.bench',
               start_time,
               (extract(epoch FROM start_time) * 1000000)::bigint * 1000,
               (extract(epoch FROM start_time) * 1000000)::bigint * 1000 + (latency_ms * 1000000)::bigint,
               latency_ms,
               CASE WHEN (p = 0 AND failed) OR failed_call THEN 'error' ELSE 'ok' END,
               CASE WHEN (p = 0 AND failed) OR failed_call THEN 'upstream model error' END,
               role = 'llm', CASE WHEN role = 'llm' THEN 'call' ELSE 'none' END,
               CASE WHEN role = 'llm' THEN model END, CASE WHEN role = 'llm' THEN provider END,
               CASE WHEN role = 'llm' THEN input_tokens END,
               CASE WHEN role = 'llm' THEN output_tokens END,
               CASE WHEN role = 'llm' THEN input_tokens + output_tokens END,
               CASE WHEN role = 'llm' AND convention = 0 THEN input_tokens / 4 END,
               CASE WHEN role = 'llm'
                    THEN round((input_tokens * input_price + output_tokens * output_price) / 1e6, 10) END,
               CASE WHEN role = 'llm' THEN 'CATALOG' ELSE 'NONE' END,
               false,
               CASE WHEN role = 'llm' THEN 'bench' END,
               CASE WHEN role = 'llm' THEN prompt END, CASE WHEN role = 'llm' THEN response END,
               CASE WHEN role = 'llm' AND convention = 0 THEN 0.2 END,
               CASE WHEN role IN ('root', 'llm') THEN user_ref END,
               CASE WHEN role = 'llm' THEN 'sess-' || (h / 5) %% 5000 END,
               CASE role
                 WHEN 'root' THEN jsonb_build_object('http.request.method', 'POST', 'url.path', '/v1/chat',
                                    'http.response.status_code', CASE WHEN failed THEN 500 ELSE 200 END,
                                    'user.id', user_ref)
                 WHEN 'retrieval' THEN '{"db.system": "pgvector", "retrieval.top_k": 5}'::jsonb
                 WHEN 'tool' THEN jsonb_build_object('tool.name', 'lookup_invoice',
                                    'tool.arguments', '{"invoice":"INV-' || hs %% 100000 || '"}')
                 ELSE llm_attributes
               END,
               resource,
               params.received
        FROM params, texts"""
        .formatted(
            table,
            models,
            MAX_AGENT_SPANS,
            AGENT_ONE_IN,
            MODELS.length,
            TEXTS,
            services,
            SERVICES.length);
  }

  private DatasetSql() {}
}
