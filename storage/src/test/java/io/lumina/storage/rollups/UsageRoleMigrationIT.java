package io.lumina.storage.rollups;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows stored before V63 get a usage role and an unpriced reason: every span with usage stays a
 * counted call (as its summaries counted it), and an unpriced one gets the reason its columns show.
 */
class UsageRoleMigrationIT {

  @Test
  void storedRowsKeepBeingCountedAndUnpricedOnesGetTheirReason() {
    try (TestDatabase db = TestDatabase.createPrivate("v63")) {
      migrate(db, "62");
      JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
      jdbc.queryForObject("SELECT lumina_ensure_span_partition('2026-01-05')", String.class);
      jdbc.update(
          """
          INSERT INTO spans (project_id, trace_id, span_id, name, service_name, start_time,
              start_time_unix_nano, end_time_unix_nano, latency_ms, status, is_llm, model,
              prompt_tokens, completion_tokens, total_tokens, cost_usd, pricing_source, unpriced,
              received_at)
          VALUES
            ('p', 't', 'plain', 'n', 'svc', '2026-01-05T10:00:00Z', 0, 1, 1, 'ok', false, NULL,
             NULL, NULL, NULL, NULL, 'NONE', false, now()),
            ('p', 't', 'priced', 'n', 'svc', '2026-01-05T10:00:00Z', 0, 1, 1, 'ok', true, 'gpt-4o',
             10, 5, 15, 0.0001, 'CATALOG', false, now()),
            ('p', 't', 'declared', 'n', 'svc', '2026-01-05T10:00:00Z', 0, 1, 1, 'ok', false, NULL,
             NULL, NULL, NULL, 0.5, 'SPAN', false, now()),
            ('p', 't', 'no-tokens', 'n', 'svc', '2026-01-05T10:00:00Z', 0, 1, 1, 'ok', true,
             'gpt-4o', NULL, NULL, NULL, NULL, 'UNPRICED', true, now()),
            ('p', 't', 'total-only', 'n', 'svc', '2026-01-05T10:00:00Z', 0, 1, 1, 'ok', true,
             'gpt-4o', NULL, NULL, 90, NULL, 'UNPRICED', true, now()),
            ('p', 't', 'no-model', 'n', 'svc', '2026-01-05T10:00:00Z', 0, 1, 1, 'ok', true, NULL,
             10, 5, 15, NULL, 'UNPRICED', true, now()),
            ('p', 't', 'unknown', 'n', 'svc', '2026-01-05T10:00:00Z', 0, 1, 1, 'ok', true,
             'house-model', 10, 5, 15, NULL, 'UNPRICED', true, now())""");
      jdbc.update(
          """
          INSERT INTO span_rollups_hourly (project_id, hour, service_name, model, provider,
              span_count, llm_span_count, unpriced_count)
          VALUES ('p', '2026-01-05T10:00:00Z', 'svc', 'gpt-4o', '', 3, 3, 2),
                 ('p', '2026-01-05T10:00:00Z', 'svc', 'house-model', '', 1, 1, 1)""");

      migrate(db, "latest");

      assertThat(
              jdbc.queryForList(
                  "SELECT span_id || ' ' || usage_role || ' ' || coalesce(unpriced_reason, '-')"
                      + " FROM spans ORDER BY span_id",
                  String.class))
          .containsExactly(
              "declared call -",
              "no-model call no_model",
              "no-tokens call no_tokens",
              "plain none -",
              "priced call -",
              "total-only call only_total_tokens",
              "unknown call unknown_model");
      assertThat(
              jdbc.queryForList(
                  "SELECT concat_ws(' ', model, unpriced_no_tokens, unpriced_only_total_tokens,"
                      + " unpriced_no_model, unpriced_unknown_model)"
                      + " FROM span_rollups_hourly ORDER BY model",
                  String.class))
          .containsExactly("gpt-4o 1 1 0 0", "house-model 0 0 0 1");
    }
  }

  private static void migrate(TestDatabase db, String target) {
    Flyway.configure()
        .dataSource(db.dataSource())
        .locations("classpath:db/migration")
        .target(target)
        .load()
        .migrate();
  }
}
