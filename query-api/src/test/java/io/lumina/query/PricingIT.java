package io.lumina.query;

import static io.lumina.query.Lumina.enc;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.Projects;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Catalog and overrides, and re-pricing stored spans with their summaries and rollups as a job: one
 * unfinished job per project, resumed by another instance when its own stopped holding it.
 */
class PricingIT {

  @Test
  void catalogIsListedWithItsVersionAndPrices() throws Exception {
    JsonNode pricing = Lumina.get().ok("/api/pricing");
    assertThat(pricing.get("catalogVersion").asString()).isNotBlank();
    assertThat(pricing.get("unit").asString()).isEqualTo("per 1M tokens");
    assertThat(pricing.get("catalog").findValuesAsString("id"))
        .contains("gpt-4o-mini", "claude-sonnet-4-5");
    assertThat(pricing.get("overrides").isArray()).isTrue();
  }

  @Test
  void overrideThenRepriceFixesSpansTracesRollupsAndModels() throws Exception {
    Lumina lumina = Lumina.get();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String service = "pricing-" + run;
    String model = "house-model-" + run;
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(50, ChronoUnit.HOURS);
    TestSpans.Span house =
        TestSpans.llm(service, model, "selfhosted", hour.plusSeconds(60), 100, 1000, 500, Map.of());
    TestSpans.Span house2 =
        TestSpans.llm(service, model, "selfhosted", hour.plusSeconds(4000), 100, 3000, 0, Map.of());
    TestSpans.Span mini =
        TestSpans.llm(
            service, "gpt-4o-mini", "openai", hour.plusSeconds(120), 100, 1000, 500, Map.of());
    lumina.sendAndAwait(List.of(house, house2, mini));
    String range =
        "from=" + enc(hour.toString()) + "&to=" + enc(hour.plus(2, ChronoUnit.HOURS).toString());
    JsonNode before = lumina.ok("/api/analytics/cost?service=" + service + "&" + range);
    assertThat(before.get("totals").get("unpricedCount").asLong()).isEqualTo(2);
    BigDecimal miniCost =
        lumina
            .ok("/api/spans?service=" + service + "&model=gpt-4o-mini")
            .get("spans")
            .get(0)
            .get("costUsd")
            .decimalValue();

    Lumina.Response put =
        lumina.send(
            HttpRequest.newBuilder(lumina.uri("/api/pricing"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"modelPattern\": \"" + model + "\", \"input\": 1.5, \"output\": 2}")));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json().get("input").decimalValue()).isEqualByComparingTo("1.5");
    assertThat(lumina.ok("/api/pricing").get("overrides").findValuesAsString("modelPattern"))
        .contains(model);

    HttpResponse<String> reprice =
        postReprice(
            lumina,
            "{\"from\": \""
                + hour.plusSeconds(30)
                + "\", \"to\": "
                + hour.plus(2, ChronoUnit.HOURS).getEpochSecond()
                + "}");
    assertThat(reprice.statusCode()).as(reprice.body()).isEqualTo(202);
    JsonNode accepted = Lumina.JSON.readTree(reprice.body());
    String jobPath = "/api/pricing/reprice/jobs/" + accepted.get("id").asString();
    assertThat(reprice.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith(jobPath));
    assertThat(accepted.get("from").asString()).isEqualTo(hour.toString());
    assertThat(accepted.get("chunksTotal").asInt()).isEqualTo(2);
    JsonNode job = awaitFinished(lumina, jobPath);
    assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.get("chunksDone").asInt()).isEqualTo(2);
    assertThat(job.get("spansRepriced").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(lumina.get("/api/pricing/reprice/jobs/rpj_0000000000000000").status())
        .isEqualTo(404);

    JsonNode spans = lumina.ok("/api/spans?service=" + service + "&model=" + model + "&order=asc");
    JsonNode first = spans.get("spans").get(0);
    assertThat(first.get("pricingSource").asString()).isEqualTo("PROJECT_OVERRIDE");
    assertThat(first.get("unpriced").asBoolean()).isFalse();
    BigDecimal houseCost = new BigDecimal("0.0025"); // (1000 * 1.5 + 500 * 2) / 1M
    BigDecimal house2Cost = new BigDecimal("0.0045"); // 3000 * 1.5 / 1M
    assertThat(first.get("costUsd").decimalValue()).isEqualByComparingTo(houseCost);
    assertThat(spans.get("spans").get(1).get("costUsd").decimalValue())
        .isEqualByComparingTo(house2Cost);
    JsonNode miniAfter =
        lumina.ok("/api/spans?service=" + service + "&model=gpt-4o-mini").get("spans").get(0);
    assertThat(miniAfter.get("costUsd").decimalValue()).isEqualByComparingTo(miniCost);
    assertThat(miniAfter.get("pricingSource").asString()).isEqualTo("CATALOG");

    JsonNode trace = lumina.ok("/api/traces/" + house.traceId());
    assertThat(trace.get("summary").get("costUsd").decimalValue()).isEqualByComparingTo(houseCost);
    assertThat(trace.get("summary").get("unpricedSpans").asInt()).isZero();

    JsonNode after = lumina.ok("/api/analytics/cost?service=" + service + "&groupBy=hour&" + range);
    assertThat(after.get("totals").get("unpricedCount").asLong()).isZero();
    assertThat(after.get("totals").get("spanCount").asLong()).isEqualTo(3);
    assertThat(after.get("totals").get("costUsd").decimalValue())
        .isEqualByComparingTo(houseCost.add(house2Cost).add(miniCost));
    assertThat(after.get("series")).hasSize(2);

    JsonNode models = lumina.ok("/api/models?" + range);
    JsonNode mine = null;
    for (JsonNode m : models.get("models")) {
      if (m.get("model").asString().equals(model)) {
        mine = m;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("priced").asBoolean()).isTrue();
    assertThat(mine.get("priceSource").asString()).isEqualTo("PROJECT_OVERRIDE");
    assertThat(mine.get("matchedBy").asString()).isEqualTo(model);

    Lumina.Response delete =
        lumina.send(
            HttpRequest.newBuilder(lumina.uri("/api/pricing?modelPattern=" + enc(model))).DELETE());
    assertThat(delete.status()).isEqualTo(200);
    assertThat(
            lumina
                .send(
                    HttpRequest.newBuilder(lumina.uri("/api/pricing?modelPattern=" + enc(model)))
                        .DELETE())
                .status())
        .isEqualTo(404);
  }

  @Test
  void aRequestWhileAJobIsUnfinishedGets409AndAJobLeftByADeadInstanceIsResumed() throws Exception {
    Lumina lumina = Lumina.get();
    JdbcTemplate jdbc = new JdbcTemplate(lumina.query.getBean(DataSource.class));
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(400, ChronoUnit.HOURS);
    String id = "rpj_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    // an instance that died while running the job: its lease ends in 3 seconds
    jdbc.update(
        "INSERT INTO reprice_jobs (id, project_id, range_from, range_to, chunk_seconds, status,"
            + " chunks_total, created_at, started_at, lease_owner, lease_until)"
            + " VALUES (?, ?, ?, ?, 3600, 'running', 2, now(), now(), 'dead-instance',"
            + " now() + interval '3 seconds')",
        id,
        Projects.DEFAULT_PROJECT,
        Timestamp.from(hour),
        Timestamp.from(hour.plus(2, ChronoUnit.HOURS)));

    HttpResponse<String> second =
        postReprice(
            lumina, "{\"from\": \"" + hour + "\", \"to\": \"" + hour.plusSeconds(60) + "\"}");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
    assertThat(Lumina.JSON.readTree(second.body()).get("id").asString()).isEqualTo(id);
    assertThat(second.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/pricing/reprice/jobs/" + id));

    // the query API's runner takes it over once the lease has ended (it looks every 5 s)
    JsonNode job = awaitFinished(lumina, "/api/pricing/reprice/jobs/" + id);
    assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.get("chunksDone").asInt()).isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "SELECT lease_owner FROM reprice_jobs WHERE id = ?", String.class, id))
        .isNotEqualTo("dead-instance");
  }

  private static HttpResponse<String> postReprice(Lumina lumina, String body) throws Exception {
    return Lumina.http()
        .send(
            HttpRequest.newBuilder(lumina.uri("/api/pricing/reprice"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The job once it succeeded or failed, polled for at most 30 seconds. */
  private static JsonNode awaitFinished(Lumina lumina, String jobPath) throws Exception {
    JsonNode job = lumina.ok(jobPath);
    for (int i = 0; i < 300; i++) {
      String status = job.get("status").asString();
      if (status.equals("succeeded") || status.equals("failed")) {
        return job;
      }
      Thread.sleep(100);
      job = lumina.ok(jobPath);
    }
    return job;
  }
}
