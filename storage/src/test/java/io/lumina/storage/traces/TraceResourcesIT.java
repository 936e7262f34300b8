package io.lumina.storage.traces;

import static io.lumina.storage.traces.TestFilters.attribute;
import static io.lumina.testing.OtlpSpans.randomSpanId;
import static io.lumina.testing.OtlpSpans.randomTraceId;
import static io.lumina.testing.OtlpSpans.span;
import static io.lumina.testing.OtlpSpans.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.traces.TraceSummary;
import io.lumina.storage.StoredSpans;
import io.lumina.storage.TestStorage;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.ObjectMapper;

/**
 * A trace summary's resources (V120__trace_resources.sql), written by the real writer: every span's
 * resource attributes, the same whatever the order and batching of the spans, bounded per key, and
 * what the trace list's attribute filters read.
 */
class TraceResourcesIT {
  private static final Instant NOW = Instant.now();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static DataSource ds;
  private static PostgresSpanWriter writer;
  private static JdbcClient jdbc;

  @BeforeAll
  static void setUp() {
    ds = TestStorage.dataSource();
    writer = StoredSpans.writer(ds);
    jdbc = JdbcClient.create(ds);
  }

  @Test
  void resourcesOfEverySpanWhateverTheirOrder() throws Exception {
    String trace = randomTraceId();
    List<String> projects =
        writtenThreeWays(trace, resource("checkout", "production"), resource("billing", "staging"));

    String expected =
        "{\"service.name\": [\"billing\", \"checkout\"],"
            + " \"deployment.environment.name\": [\"production\", \"staging\"]}";
    for (String project : projects) {
      assertThat(JSON.readTree(resources(project, trace))).isEqualTo(JSON.readTree(expected));
    }
  }

  @Test
  void arrayValuesAreKeptWhateverTheOrder() throws Exception {
    // [["java", "-jar"]] contains [["java"]] for jsonb, yet they are two values of the key
    String trace = randomTraceId();
    List<String> projects = writtenThreeWays(trace, withArgs("java", "-jar"), withArgs("java"));

    String expected =
        "{\"service.name\": [\"checkout\"],"
            + " \"process.command_args\": [[\"java\"], [\"java\", \"-jar\"]]}";
    for (String project : projects) {
      assertThat(JSON.readTree(resources(project, trace))).isEqualTo(JSON.readTree(expected));
    }
  }

  /**
   * A root span and its child in {@code trace}, each with its own resource, written into three new
   * projects: root first, child first, and both in one request. Returns the projects.
   */
  private static List<String> writtenThreeWays(
      String trace, Resource rootResource, Resource childResource) throws Exception {
    String root = randomSpanId();
    Span rootSpan = span(trace, root, null, "handle", NOW, 500).build();
    Span child = span(trace, randomSpanId(), root, "charge", NOW.plusMillis(5), 100).build();
    String inOrder = TestStorage.project();
    write(inOrder, rootResource, rootSpan);
    write(inOrder, childResource, child);
    String reversed = TestStorage.project();
    write(reversed, childResource, child);
    write(reversed, rootResource, rootSpan);
    String together = TestStorage.project();
    writer.write(
        StoredSpans.of(
            together, request(new Entry(rootResource, rootSpan), new Entry(childResource, child))));
    return List.of(inOrder, reversed, together);
  }

  @Test
  void atMostSixteenValuesPerKeyTheSameWhateverTheBatches() throws Exception {
    String trace = randomTraceId();
    List<Entry> spans = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Resource r =
          Resource.newBuilder()
              .addAttributes(str("service.name", "worker"))
              .addAttributes(str("host.name", "h%02d".formatted(i)))
              .build();
      spans.add(
          new Entry(r, span(trace, randomSpanId(), null, "job", NOW.plusMillis(i), 10).build()));
    }
    String oneBatch = TestStorage.project();
    writer.write(StoredSpans.of(oneBatch, request(spans.toArray(Entry[]::new))));
    String oneEach = TestStorage.project();
    for (Entry e : spans.reversed()) {
      writer.write(StoredSpans.of(oneEach, request(e)));
    }

    String hosts =
        IntStream.range(0, 16)
            .mapToObj(i -> "\"h%02d\"".formatted(i))
            .reduce((a, b) -> a + ", " + b)
            .orElseThrow();
    String expected = "{\"service.name\": [\"worker\"], \"host.name\": [" + hosts + "]}";
    assertThat(JSON.readTree(resources(oneBatch, trace))).isEqualTo(JSON.readTree(expected));
    assertThat(JSON.readTree(resources(oneEach, trace))).isEqualTo(JSON.readTree(expected));
  }

  @Test
  void eachAttributeFilterMayBeMatchedByAnotherSpan() throws Exception {
    String project = TestStorage.project();
    String trace = randomTraceId();
    String root = randomSpanId();
    Span rootSpan =
        span(trace, root, null, "handle", NOW, 500)
            .addAttributes(str("tool.name", "lookup_invoice"))
            .build();
    Span child = span(trace, randomSpanId(), root, "charge", NOW.plusMillis(5), 100).build();
    write(project, resource("checkout", "production"), rootSpan);
    write(project, resource("billing", "staging"), child);
    String other = randomTraceId();
    write(
        project,
        resource("checkout", "production"),
        span(other, randomSpanId(), null, "handle", NOW, 500).build());

    assertThat(traces(project, attribute("deployment.environment.name", "staging")))
        .containsExactly(trace);
    assertThat(traces(project, attribute("deployment.environment.name", "production")))
        .containsExactlyInAnyOrder(trace, other);
    assertThat(
            traces(
                project,
                attribute("tool.name", "lookup_invoice"),
                attribute("deployment.environment.name", "staging")))
        .containsExactly(trace);
    assertThat(
            traces(
                project,
                attribute("deployment.environment.name", "staging"),
                attribute("tool.name", "lookup_invoice")))
        .containsExactly(trace);
    assertThat(traces(project, attribute("deployment.environment.name", "development"))).isEmpty();
    assertThat(
            traces(
                project,
                attribute("tool.name", "lookup_invoice"),
                attribute("service.name", "nowhere")))
        .isEmpty();
  }

  private record Entry(Resource resource, Span span) {}

  private static Resource withArgs(String... args) {
    ArrayValue.Builder values = ArrayValue.newBuilder();
    for (String a : args) {
      values.addValues(AnyValue.newBuilder().setStringValue(a));
    }
    return Resource.newBuilder()
        .addAttributes(str("service.name", "checkout"))
        .addAttributes(
            KeyValue.newBuilder()
                .setKey("process.command_args")
                .setValue(AnyValue.newBuilder().setArrayValue(values)))
        .build();
  }

  private static Resource resource(String service, String environment) {
    return Resource.newBuilder()
        .addAttributes(str("service.name", service))
        .addAttributes(str("deployment.environment.name", environment))
        .build();
  }

  private static void write(String project, Resource resource, Span span) throws Exception {
    writer.write(StoredSpans.of(project, request(new Entry(resource, span))));
  }

  private static ExportTraceServiceRequest request(Entry... entries) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    for (Entry e : entries) {
      request.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(e.resource())
              .addScopeSpans(ScopeSpans.newBuilder().addSpans(e.span())));
    }
    return request.build();
  }

  private static String resources(String project, String trace) {
    return jdbc.sql("SELECT resources::text FROM traces WHERE project_id = ? AND trace_id = ?")
        .params(project, trace)
        .query(String.class)
        .single();
  }

  private static List<String> traces(String project, SpanFilters.AttributeFilter... attributes) {
    SpanFilters filters = TestFilters.where(Map.of(), attributes);
    // one trace per page, so the keyset cursor of the merged branches is exercised too
    JdbcTraceReader reader = new JdbcTraceReader(jdbc);
    List<String> found = new ArrayList<>();
    Cursor cursor = null;
    for (int page = 0; page < 10; page++) {
      Page<TraceSummary> p =
          reader.list(project, new SearchQuery(filters, Sort.TIME, true, cursor, 1));
      p.rows().forEach(t -> found.add(t.traceId()));
      if (p.nextCursor() == null) {
        return found;
      }
      cursor = Cursor.decode(p.nextCursor(), Sort.TIME, true, false);
    }
    throw new AssertionError("more pages than traces: " + found);
  }
}
