package io.lumina.bench.store;

import com.google.protobuf.ByteString;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lumina.conventions.SpanNormalizer;
import io.lumina.pricing.CostCalculator;
import io.lumina.storage.spans.IncomingSpan;
import io.lumina.storage.spans.PostgresSpanPartitions;
import io.lumina.storage.spans.PostgresSpanWriter;
import io.lumina.storage.spans.SpanWriteException;
import io.lumina.wire.SpanBatch;
import io.lumina.worker.consume.SpanBatchDecoder;
import io.lumina.worker.sampling.Sampler;
import io.lumina.worker.sampling.SamplingRules;
import io.lumina.worker.store.RetentionProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Spans stored per second by one worker's writer path (decode + normalize + price + write: COPY
 * into staging, upsert, trace summaries, rollups, one transaction per batch) against the ceiling: a
 * plain COPY of exactly the same rows straight into the same span table (same partitions and
 * indexes, same batch size, one transaction per batch, no dedup, no summaries, no rollups). Also
 * measures the alternative recorded in docs/decisions/0003: batched INSERT ... ON CONFLICT DO
 * NOTHING with reWriteBatchedInserts, spans only.
 *
 * <p>Run: {@code mvn -q -o -pl benchmarks exec:java}-free, plain java: {@code java -cp <benchmarks
 * classpath> io.lumina.bench.store.SpanStoreBenchmark [spans] [spansPerBatch]}. Uses a scratch
 * database on {@code LUMINA_BENCH_PG_URL} (default the local server), dropped at the end.
 */
public final class SpanStoreBenchmark {
  private static final int SPANS_PER_MESSAGE = 10;

  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int perBatch = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    String admin = env("LUMINA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String db = "lumina_bench_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    try {
      run(admin.substring(0, admin.lastIndexOf('/') + 1) + db, spans, perBatch, rounds);
    } finally {
      try (Connection c = DriverManager.getConnection(admin, "postgres", "");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }

  static void run(String url, int spanCount, int perBatch, int rounds) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url + "?reWriteBatchedInserts=true");
    ds.setUser("postgres");
    Flyway.configure().dataSource(ds).load().migrate();
    SpanBatchDecoder decoder =
        new SpanBatchDecoder(
            new SpanNormalizer(),
            CostCalculator.withBundledCatalog(),
            new Sampler(SamplingRules.keepAll()),
            new RetentionProperties(7, "0 0 * * *"),
            Clock.systemUTC());
    // The worker's writer runs on a connection pool (Hikari, as in the service): its staging table
    // lives per session, so a fresh connection per batch would measure connection setup instead.
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(ds);
    pool.setMaximumPoolSize(2);
    HikariDataSource pooled = new HikariDataSource(pool);
    PostgresSpanWriter writer =
        new PostgresSpanWriter(
            pooled, new PostgresSpanPartitions(pooled), new SimpleMeterRegistry());

    List<List<SpanBatch>> batches = messages(spanCount, perBatch);
    System.out.printf(
        Locale.ROOT,
        "%d spans, %d spans per transaction, %d messages of %d spans, %d rounds%n",
        spanCount,
        perBatch,
        spanCount / SPANS_PER_MESSAGE,
        SPANS_PER_MESSAGE,
        rounds);
    // Warm-up: JIT, partitions, plan caches.
    workerPath(ds, decoder, writer, messages(Math.min(spanCount, 20_000), perBatch));
    String rows = exportRows(ds);
    copyCeiling(ds, chunks(rows, perBatch));
    batchedInsert(ds, chunks(rows, perBatch));

    double bestWorker = 0;
    double bestCopy = 0;
    double bestInsert = 0;
    double bestWriteOnly = 0;
    for (int r = 1; r <= rounds; r++) {
      double worker = workerPath(ds, decoder, writer, batches);
      List<String> same = chunks(exportRows(ds), perBatch);
      double writeOnly = writeOnly(ds, decoder, writer, batches);
      double copy = copyCeiling(ds, same);
      double insert = batchedInsert(ds, same);
      System.out.printf(
          Locale.ROOT,
          "round %d: worker path %,.0f spans/s | worker write only %,.0f | plain COPY %,.0f | batched INSERT %,.0f"
              + " | ratio worker/COPY %.2f%n",
          r,
          worker,
          writeOnly,
          copy,
          insert,
          worker / copy);
      bestWorker = Math.max(bestWorker, worker);
      bestWriteOnly = Math.max(bestWriteOnly, writeOnly);
      bestCopy = Math.max(bestCopy, copy);
      bestInsert = Math.max(bestInsert, insert);
    }
    System.out.printf(
        Locale.ROOT,
        "best: worker path %,.0f spans/s, worker write only %,.0f, plain COPY ceiling %,.0f,"
            + " batched INSERT (spans only) %,.0f%nRATIO worker path / plain COPY = %.2f (goal >= 0.5)%n",
        bestWorker,
        bestWriteOnly,
        bestCopy,
        bestInsert,
        bestWorker / bestCopy);
    pooled.close();
  }

  /** Decode + normalize + price + write, one transaction per batch, from an empty schema. */
  static double workerPath(
      PGSimpleDataSource ds,
      SpanBatchDecoder decoder,
      PostgresSpanWriter writer,
      List<List<SpanBatch>> batches)
      throws SQLException, SpanWriteException {
    truncate(ds);
    long spans = 0;
    long start = System.nanoTime();
    for (List<SpanBatch> batch : batches) {
      List<IncomingSpan> in = new ArrayList<>();
      for (SpanBatch m : batch) {
        in.addAll(decoder.decode(m).spans());
      }
      spans += writer.write(in);
    }
    return spans / ((System.nanoTime() - start) / 1e9);
  }

  /** The writer alone, with everything decoded beforehand: where the time of the path goes. */
  static double writeOnly(
      PGSimpleDataSource ds,
      SpanBatchDecoder decoder,
      PostgresSpanWriter writer,
      List<List<SpanBatch>> batches)
      throws SQLException, SpanWriteException {
    List<List<IncomingSpan>> decoded = new ArrayList<>();
    for (List<SpanBatch> batch : batches) {
      List<IncomingSpan> in = new ArrayList<>();
      for (SpanBatch m : batch) {
        in.addAll(decoder.decode(m).spans());
      }
      decoded.add(in);
    }
    truncate(ds);
    long spans = 0;
    long start = System.nanoTime();
    for (List<IncomingSpan> in : decoded) {
      spans += writer.write(in);
    }
    return spans / ((System.nanoTime() - start) / 1e9);
  }

  /** The ceiling: the same rows, COPY straight into spans, one transaction per batch. */
  static double copyCeiling(PGSimpleDataSource ds, List<String> chunks) throws Exception {
    truncate(ds);
    long rows = 0;
    long start = System.nanoTime();
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (String chunk : chunks) {
        rows +=
            copy.copyIn(
                "COPY spans (" + PostgresSpanWriter.COLUMNS + ") FROM STDIN",
                new StringReader(chunk));
        c.commit();
      }
    }
    return rows / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * The alternative: multi-row INSERT ... ON CONFLICT DO NOTHING (reWriteBatchedInserts), spans
   * only.
   */
  static double batchedInsert(PGSimpleDataSource ds, List<String> chunks) throws Exception {
    truncate(ds);
    String[] columns = PostgresSpanWriter.COLUMNS.split(", ");
    List<String> types = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'spans'::regclass AND attname = ?")) {
      for (String col : columns) {
        ps.setString(1, col);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          types.add(rs.getString(1));
        }
      }
    }
    StringBuilder sql =
        new StringBuilder("INSERT INTO spans (" + PostgresSpanWriter.COLUMNS + ") VALUES (");
    for (int i = 0; i < columns.length; i++) {
      sql.append(i == 0 ? "" : ", ").append("?::").append(types.get(i));
    }
    sql.append(") ON CONFLICT (project_id, trace_id, span_id, start_time) DO NOTHING");
    long rows = 0;
    long start = System.nanoTime();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      c.setAutoCommit(false);
      for (String chunk : chunks) {
        for (String line : chunk.split("\n")) {
          String[] fields = line.split("\t", -1);
          for (int i = 0; i < fields.length; i++) {
            ps.setString(i + 1, fields[i].equals("\\N") ? null : unescape(fields[i]));
          }
          ps.addBatch();
          rows++;
        }
        ps.executeBatch();
        c.commit();
      }
    }
    return rows / ((System.nanoTime() - start) / 1e9);
  }

  static String exportRows(PGSimpleDataSource ds) throws Exception {
    try (Connection c = ds.getConnection()) {
      StringWriter out = new StringWriter();
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut("COPY (SELECT " + PostgresSpanWriter.COLUMNS + " FROM spans) TO STDOUT", out);
      return out.toString();
    }
  }

  static List<String> chunks(String rows, int perBatch) {
    List<String> chunks = new ArrayList<>();
    String[] lines = rows.split("\n");
    for (int i = 0; i < lines.length; i += perBatch) {
      chunks.add(
          String.join(
                  "\n",
                  java.util.Arrays.asList(lines).subList(i, Math.min(lines.length, i + perBatch)))
              + "\n");
    }
    return chunks;
  }

  static void truncate(PGSimpleDataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE spans, traces, span_rollups_hourly");
      s.execute("CHECKPOINT");
    }
  }

  static String unescape(String field) {
    if (field.indexOf('\\') < 0) {
      return field;
    }
    StringBuilder b = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char ch = field.charAt(i);
      if (ch == '\\' && i + 1 < field.length()) {
        char n = field.charAt(++i);
        b.append(
            switch (n) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> n;
            });
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  /**
   * Realistic messages: traces of ten spans (an HTTP root, a retrieval step, LLM calls in OTel
   * GenAI form with prompts, responses and tokens, some OpenInference), grouped per transaction.
   */
  static List<List<SpanBatch>> messages(int spans, int perBatch) {
    Random random = new Random(42);
    String[] models = {"gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "unknown-model-x"};
    List<List<SpanBatch>> batches = new ArrayList<>();
    List<SpanBatch> current = new ArrayList<>();
    long now = Instant.now().toEpochMilli() * 1_000_000L;
    for (int m = 0; m < spans / SPANS_PER_MESSAGE; m++) {
      byte[] trace = new byte[16];
      random.nextBytes(trace);
      trace[0] |= 1;
      byte[] root = spanId(random);
      ScopeSpans.Builder scope = ScopeSpans.newBuilder();
      long start = now + m * 1_000_000L;
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(ByteString.copyFrom(root))
              .setName("POST /chat")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + 900_000_000L)
              .addAttributes(kv("http.route", "/chat"))
              .addAttributes(kv("user.id", "user-" + random.nextInt(500))));
      for (int i = 1; i < SPANS_PER_MESSAGE; i++) {
        Span.Builder s =
            Span.newBuilder()
                .setTraceId(ByteString.copyFrom(trace))
                .setSpanId(ByteString.copyFrom(spanId(random)))
                .setParentSpanId(ByteString.copyFrom(root))
                .setStartTimeUnixNano(start + i * 1_000_000L)
                .setEndTimeUnixNano(start + i * 1_000_000L + 80_000_000L);
        if (i % 3 == 0) {
          s.setName("retrieve")
              .addAttributes(kv("db.system", "pgvector"))
              .addAttributes(kv("k", "8"));
        } else {
          String model = models[random.nextInt(models.length)];
          s.setName("chat " + model)
              .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
              .addAttributes(
                  kv("gen_ai.system", model.startsWith("claude") ? "anthropic" : "openai"))
              .addAttributes(kv("gen_ai.request.model", model))
              .addAttributes(num("gen_ai.usage.input_tokens", 200 + random.nextInt(3000)))
              .addAttributes(num("gen_ai.usage.output_tokens", 20 + random.nextInt(500)))
              .addAttributes(
                  kv(
                      "gen_ai.prompt",
                      "Summarize the following support ticket for the on-call engineer: "
                          + "customer reports that invoices for order "
                          + random.nextInt(100000)
                          + " were charged twice."))
              .addAttributes(
                  kv(
                      "gen_ai.completion",
                      "The customer was double-charged for one order; refund the"
                          + " duplicate and check the payment webhook retries."))
              .addAttributes(kv("session.id", "session-" + random.nextInt(2000)));
        }
        scope.addSpans(s);
      }
      byte[] payload =
          ExportTraceServiceRequest.newBuilder()
              .addResourceSpans(
                  ResourceSpans.newBuilder()
                      .setResource(
                          Resource.newBuilder()
                              .addAttributes(kv("service.name", "svc-" + (m % 5)))
                              .addAttributes(kv("deployment.environment", "prod")))
                      .addScopeSpans(scope))
              .build()
              .toByteArray();
      current.add(SpanBatch.of("bench", System.currentTimeMillis(), payload));
      if (current.size() * SPANS_PER_MESSAGE >= perBatch) {
        batches.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private static byte[] spanId(Random random) {
    byte[] id = new byte[8];
    random.nextBytes(id);
    id[0] |= 1;
    return id;
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue num(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
