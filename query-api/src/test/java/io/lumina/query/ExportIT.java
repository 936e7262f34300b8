package io.lumina.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Export streams: rows leave while later rows are still unread, and OTLP JSON goes back into
 * ingestion.
 */
class ExportIT {

  /**
   * 40 000 spans of ~1 KB (about 50 MB of JSONL) for a project of their own. While the client has
   * read only the first line, the server must have read far fewer rows than that: sockets hold a
   * few MB, so a server that loaded the result before writing would show every row read.
   */
  @Test
  void largeExportIsStreamedNotBuffered() throws Exception {
    Lumina lumina = Lumina.get();
    String project = "export-" + UUID.randomUUID().toString().substring(0, 8);
    int rows = 40_000;
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(40, ChronoUnit.HOURS);
    insertSpans(project, start, rows);
    MeterRegistry meters = lumina.query.getBean(MeterRegistry.class);
    double before = meters.counter("lumina.query.export.rows").count();

    HttpResponse<InputStream> response =
        Lumina.http()
            .send(
                HttpRequest.newBuilder(
                        lumina.uri(
                            "/api/export/traces?format=jsonl&before="
                                + start.plus(1, ChronoUnit.HOURS).getEpochSecond()))
                    .header(TestProjectHeaderConfiguration.HEADER, project)
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      JsonNode first = Lumina.JSON.readTree(reader.readLine());
      double readWhenFirstLineArrived = meters.counter("lumina.query.export.rows").count() - before;
      assertThat(first.get("traceId").asString()).hasSize(32);
      assertThat(first.get("prompt").asString()).hasSize(1000);
      assertThat(readWhenFirstLineArrived)
          .as("rows read by the server when the client had one line")
          .isLessThan(rows / 2.0);
      long count = 1;
      String last = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        count++;
        last = line;
      }
      assertThat(count).isEqualTo(rows);
      assertThat(Lumina.JSON.readTree(last).get("service").asString()).isEqualTo("bulk");
    }
    assertThat(meters.counter("lumina.query.export.rows").count() - before).isEqualTo(rows);
    // the other project's rows are invisible to the default project
    assertThat(lumina.ok("/api/spans?service=bulk").get("spans")).isEmpty();
  }

  @Test
  void otlpJsonExportIsAcceptedBackByIngestion() throws Exception {
    Lumina lumina = Lumina.get();
    String service = "otlp-" + UUID.randomUUID().toString().substring(0, 8);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(6, ChronoUnit.HOURS);
    TestSpans.Span root =
        TestSpans.root("job", service, t0, 50, Map.of("n", 7L, "ok", true, "ratio", 0.5));
    TestSpans.Span llm =
        root.child(
            "chat",
            t0.plusMillis(5),
            20,
            Map.of(
                "gen_ai.request.model",
                "gpt-4o",
                "gen_ai.usage.input_tokens",
                10L,
                "gen_ai.usage.output_tokens",
                3L));
    lumina.sendAndAwait(List.of(root, llm));
    Lumina.Response export =
        lumina.get(
            "/api/export/traces?format=otlp-json&service="
                + service
                + "&from="
                + t0.getEpochSecond()
                + "&to="
                + (t0.getEpochSecond() + 60));
    assertThat(export.status()).isEqualTo(200);
    JsonNode doc = export.json();
    assertThat(doc.get("resourceSpans")).hasSize(2);
    JsonNode span = doc.get("resourceSpans").get(0).get("scopeSpans").get(0).get("spans").get(0);
    assertThat(span.get("traceId").asString()).isEqualTo(root.traceId());
    assertThat(span.get("attributes").toString())
        .contains("\"intValue\":\"7\"", "\"boolValue\":true", "\"doubleValue\":0.5");

    HttpResponse<String> reingest =
        Lumina.http()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + lumina.ingestionPort() + "/v1/traces"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(export.body()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(reingest.statusCode()).as(reingest.body()).isEqualTo(200);
    assertThat(reingest.body()).doesNotContain("rejected");
  }

  /** Bulk rows straight into PostgreSQL: the ingestion path is not what this test measures. */
  private static void insertSpans(String project, Instant start, int rows) throws Exception {
    try (Connection c = TestDatabase.shared().connect()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT lumina_ensure_span_partition(?)")) {
        ps.setObject(1, LocalDate.ofInstant(start, ZoneOffset.UTC));
        ps.execute();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              """
          INSERT INTO spans (project_id, trace_id, span_id, name, service_name, start_time,
              start_time_unix_nano, end_time_unix_nano, latency_ms, status, prompt, received_at)
          SELECT ?, lpad(to_hex(g), 32, '0'), lpad(to_hex(g), 16, '0'), 'bulk-span', 'bulk',
                 ?::timestamptz + g * interval '50 milliseconds',
                 (extract(epoch FROM ?::timestamptz) * 1e9)::bigint + g::bigint * 50000000,
                 (extract(epoch FROM ?::timestamptz) * 1e9)::bigint + g::bigint * 50000000 + 1000000,
                 1, 'ok', repeat('x', 1000), now()
          FROM generate_series(1, ?) g""")) {
        java.time.OffsetDateTime at = start.atOffset(ZoneOffset.UTC);
        ps.setString(1, project);
        ps.setObject(2, at);
        ps.setObject(3, at);
        ps.setObject(4, at);
        ps.setInt(5, rows);
        ps.executeUpdate();
      }
    }
  }
}
