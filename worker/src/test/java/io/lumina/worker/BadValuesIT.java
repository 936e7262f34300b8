package io.lumina.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lumina.model.Ids;
import io.lumina.testing.BadSpans;
import io.lumina.testing.OtlpSpans;
import io.lumina.testing.TestDatabase;
import io.lumina.testing.TestInfra;
import io.lumina.wire.SpanBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One request mixing valid spans with every kind of bad value of the {@link BadSpans} corpus,
 * through a real JetStream queue into a worker and PostgreSQL: the valid spans and the cleaned ones
 * are stored in the first delivery, the rejected ones alone are left out, every clean and every
 * rejection is counted by reason, and nothing is retried or dead-lettered. Also: with a local
 * scorer, responses are scored on the way in and written by the insert itself.
 */
class BadValuesIT {
  static ConfigurableApplicationContext worker;
  static PrivateStream stream;

  @BeforeAll
  static void start() throws Exception {
    TestDatabase.shared().migrate();
    stream = new PrivateStream();
    Map<String, Object> props = new LinkedHashMap<>(TestInfra.properties());
    props.putAll(stream.properties());
    List<String> args = new ArrayList<>();
    props.forEach((k, v) -> args.add("--" + k + "=" + v));
    args.addAll(
        List.of(
            "--server.port=0",
            "--lumina.retention.days=0",
            "--lumina.quality.scorer=text",
            "--lumina.worker.fetch-wait=200ms",
            "--lumina.worker.retry-backoff=200ms",
            "--lumina.worker.max-deliveries=2"));
    worker = WorkerApplication.builder().run(args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.close();
    }
    if (stream != null) {
      stream.close();
    }
  }

  @Test
  void badValuesCostOnlyTheirOwnSpan() throws Exception {
    String project = "bad" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    List<BadSpans.Entry> corpus = BadSpans.corpus(now);
    List<Span> spans = new ArrayList<>();
    int valid = 0;
    for (BadSpans.Entry e : corpus) {
      spans.add(
          OtlpSpans.llmSpan(
                  OtlpSpans.randomTraceId(),
                  OtlpSpans.randomSpanId(),
                  null,
                  now,
                  "gpt-4o-mini",
                  100,
                  10)
              .build());
      valid++;
      spans.add(e.span());
    }
    // A resource whose own attribute holds NUL, with one otherwise plain span.
    Span underBadResource =
        OtlpSpans.span(OtlpSpans.randomTraceId(), OtlpSpans.randomSpanId(), null, "r", now, 5)
            .build();
    byte[] request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder().addAttributes(OtlpSpans.str("service.name", "svc")))
                    .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)))
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(OtlpSpans.str("service.name", "svc\u0000two"))
                            .addAttributes(OtlpSpans.str("host.name", "h\u0000")))
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(underBadResource)))
            .build()
            .toByteArray();

    Map<String, Double> cleanedBefore = byReason("lumina.worker.spans.cleaned");
    Map<String, Double> rejectedBefore = byReason("lumina.worker.spans.rejected");
    double deadBefore = sum("lumina.worker.dead.letters");
    double retriesBefore = meter("lumina.worker.redeliveries");
    double storedBefore = meter("lumina.worker.spans.stored");

    stream.publish(SpanBatch.of(project, System.currentTimeMillis(), request));

    long storedCorpus = corpus.stream().filter(BadSpans.Entry::stored).count();
    long expected = valid + storedCorpus + 1;
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> meter("lumina.worker.spans.stored") - storedBefore >= expected);

    assertThat(count("SELECT count(*) FROM spans WHERE project_id = '" + project + "'"))
        .isEqualTo(expected);
    for (BadSpans.Entry e : corpus) {
      String spanId = Ids.hex(e.span().getSpanId());
      assertThat(
              count(
                  "SELECT count(*) FROM spans WHERE project_id = '"
                      + project
                      + "' AND span_id = '"
                      + spanId
                      + "'"))
          .as(e.name())
          .isEqualTo(e.stored() ? 1 : 0);
    }
    assertThat(
            count(
                "SELECT coalesce(sum(span_count), 0) FROM traces WHERE project_id = '"
                    + project
                    + "'"))
        .as("trace summaries cover every stored span")
        .isEqualTo(expected);
    assertThat(
            count(
                "SELECT coalesce(sum(span_count), 0) FROM span_rollups_hourly WHERE project_id = '"
                    + project
                    + "'"))
        .as("rollups cover every stored span")
        .isEqualTo(expected);
    assertThat(
            count(
                "SELECT count(*) FROM spans WHERE project_id = '"
                    + project
                    + "' AND (kind NOT BETWEEN 0 AND 5 OR end_time_unix_nano < start_time_unix_nano"
                    + " OR cost_usd >= 1e9 OR prompt_tokens > 1e12 OR length(user_id) > 512)"))
        .as("no stored value out of range")
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM spans WHERE project_id = '"
                    + project
                    + "' AND service_name = 'svc'||chr(65533)||'two'"
                    + " AND resource_attributes->>'host.name' = 'h'||chr(65533)"))
        .as("the span under a resource with NUL is stored with U+FFFD")
        .isEqualTo(1);

    Map<String, Long> wantCleaned = new HashMap<>();
    Map<String, Long> wantRejected = new HashMap<>();
    for (BadSpans.Entry e : corpus) {
      if (e.cleaned() != null) {
        wantCleaned.merge(e.cleaned(), 1L, Long::sum);
      }
      if (e.rejected() != null) {
        wantRejected.merge(e.rejected(), 1L, Long::sum);
      }
    }
    wantCleaned.merge("nul", 1L, Long::sum); // the span under the bad resource
    Map<String, Double> cleaned = byReason("lumina.worker.spans.cleaned");
    wantCleaned.forEach(
        (reason, n) ->
            assertThat(cleaned.get(reason) - cleanedBefore.getOrDefault(reason, 0.0))
                .as("cleaned " + reason)
                .isGreaterThanOrEqualTo(n));
    Map<String, Double> rejected = byReason("lumina.worker.spans.rejected");
    wantRejected.forEach(
        (reason, n) ->
            assertThat(rejected.get(reason) - rejectedBefore.getOrDefault(reason, 0.0))
                .as("rejected " + reason)
                .isEqualTo(n.doubleValue()));
    assertThat(rejected.get("unreadable") - rejectedBefore.getOrDefault("unreadable", 0.0))
        .as("no span failed to normalize")
        .isZero();
    assertThat(sum("lumina.worker.dead.letters") - deadBefore).as("dead letters").isZero();
    assertThat(meter("lumina.worker.redeliveries") - retriesBefore).as("redeliveries").isZero();
  }

  @Test
  void localScoresAreWrittenWithTheRowNotAfterIt() throws Exception {
    String project = "q" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now();
    String prompt = "What is the capital of France? " + project;
    List<Span> spans = new ArrayList<>();
    String[] responses = {
      "Paris is the capital of France.",
      "Paris is the capital of France.",
      "The capital of France is Paris.",
      "I like turtles very much indeed."
    };
    for (String response : responses) {
      spans.add(
          OtlpSpans.span(OtlpSpans.randomTraceId(), OtlpSpans.randomSpanId(), null, "chat", now, 5)
              .addAttributes(OtlpSpans.str("gen_ai.request.model", "gpt-4o-mini"))
              .addAttributes(OtlpSpans.str("gen_ai.prompt", prompt))
              .addAttributes(OtlpSpans.str("gen_ai.completion", response))
              .build());
    }
    double storedBefore = meter("lumina.worker.spans.stored");
    stream.publish(Otlp.batch(project, "svc", spans));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> meter("lumina.worker.spans.stored") - storedBefore >= responses.length);

    try (var c = TestDatabase.shared().connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT similarity, scorer, scored_at IS NOT NULL, status, xmin::text FROM spans"
                    + " WHERE project_id = '"
                    + project
                    + "' ORDER BY response = 'Paris is the capital of France.' DESC, response")) {
      List<Double> similarities = new ArrayList<>();
      List<String> statuses = new ArrayList<>();
      java.util.Set<String> xmins = new java.util.HashSet<>();
      while (rs.next()) {
        double sim = rs.getDouble(1);
        similarities.add(rs.wasNull() ? null : sim);
        assertThat(rs.getString(2)).isEqualTo("text");
        assertThat(rs.getBoolean(3)).as("scored when stored").isTrue();
        statuses.add(rs.getString(4));
        xmins.add(rs.getString(5));
      }
      assertThat(similarities).hasSize(4);
      assertThat(similarities.subList(0, 2)).containsExactlyInAnyOrder(null, 1.0);
      assertThat(similarities.get(2)).as("the turtles").isLessThan(0.5);
      assertThat(similarities.get(3)).as("the paraphrase").isGreaterThan(0.5);
      assertThat(statuses).containsExactlyInAnyOrder("ok", "ok", "ok", "degraded");
      assertThat(xmins).as("every row is still the version the insert wrote").hasSize(1);
    }
    assertThat(
            count(
                "SELECT coalesce(sum(degraded_count), 0) FROM span_rollups_hourly WHERE project_id = '"
                    + project
                    + "'"))
        .as("the rollup counted the degraded span at insert")
        .isEqualTo(1);
  }

  static Map<String, Double> byReason(String name) {
    Map<String, Double> out = new HashMap<>();
    for (Counter c : worker.getBean(MeterRegistry.class).get(name).counters()) {
      out.merge(c.getId().getTag("reason"), c.count(), Double::sum);
    }
    return out;
  }

  static double sum(String name) {
    return worker.getBean(MeterRegistry.class).get(name).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  static double meter(String name) {
    return worker
        .getBean(MeterRegistry.class)
        .get(name)
        .meter()
        .measure()
        .iterator()
        .next()
        .getValue();
  }

  static long count(String sql) throws Exception {
    try (var c = TestDatabase.shared().connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
