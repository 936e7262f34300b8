package io.lumina.bench.query;

import io.lumina.query.QueryApiApplication;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Query API latency on a large store: generates {@code --spans} spans (default 1 000 000) over the
 * last 7 days into a dedicated database, with the matching trace summaries and hourly rollups,
 * starts the real query API on it (aggregate cache off, so every request reaches PostgreSQL) and
 * measures p50/p95 of trace and span lists with filters and of the 7-day cost by model, over HTTP.
 *
 * <p>Not a test: run it by hand (see docs/api.md). {@code --reuse} keeps an already generated
 * database.
 */
public final class QueryBenchmark {

  public static void main(String[] args) throws Exception {
    Map<String, String> a = options(args);
    String adminUrl = a.getOrDefault("admin-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String user = a.getOrDefault("user", "postgres");
    String password = a.getOrDefault("password", "");
    String db = a.getOrDefault("db", "lumina_bench_query");
    int spans = Integer.parseInt(a.getOrDefault("spans", "1000000"));
    int iterations = Integer.parseInt(a.getOrDefault("iterations", "200"));
    String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + db;
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    if (!a.containsKey("reuse")) {
      try (Connection c = DriverManager.getConnection(adminUrl, user, password);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        s.execute("CREATE DATABASE " + db);
      }
      Flyway.configure()
          .dataSource(url, user, password)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      long started = System.nanoTime();
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        BenchData.generate(c, spans, now);
      }
      System.out.printf(
          "generated %,d spans in %.1f s%n", spans, (System.nanoTime() - started) / 1e9);
    } else {
      // a reused database may predate a lower-numbered migration added since (outOfOrder)
      Flyway.configure()
          .dataSource(url, user, password)
          .locations("classpath:db/migration")
          .outOfOrder(true)
          .load()
          .migrate();
    }
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM spans), (SELECT count(*) FROM traces),"
                    + " (SELECT max(start_time) FROM traces)")) {
      rs.next();
      System.out.printf(
          "store: %,d spans, %,d traces, newest %s%n",
          rs.getLong(1), rs.getLong(2), rs.getString(3));
      now = rs.getTimestamp(3).toInstant().plusSeconds(1);
    }

    ConfigurableApplicationContext api =
        QueryApiApplication.builder()
            .run(
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--lumina.query.cache.max-entries=0",
                "--logging.level.root=WARN");
    try {
      int port = Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
      run(port, iterations, now);
    } finally {
      api.close();
    }
  }

  private static void run(int port, int iterations, Instant now) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String week =
        "from=" + now.minus(7, ChronoUnit.DAYS).getEpochSecond() + "&to=" + now.getEpochSecond();
    String day =
        "from=" + now.minus(1, ChronoUnit.DAYS).getEpochSecond() + "&to=" + now.getEpochSecond();
    Map<String, IntFunction<String>> queries = new LinkedHashMap<>();
    queries.put("traces, no filter", i -> "/api/traces?limit=50");
    queries.put(
        "traces, service+status",
        i -> "/api/traces?limit=50&status=ok&service=" + BenchData.service(i));
    queries.put(
        "traces, model+minCost, 24h",
        i -> "/api/traces?limit=50&minCost=0.001&model=" + BenchData.model(i) + "&" + day);
    queries.put("traces, error, 7d", i -> "/api/traces?limit=50&status=error&" + week);
    queries.put("traces, sort=cost, 24h", i -> "/api/traces?limit=50&sort=cost&" + day);
    queries.put("traces, attr.customer", i -> "/api/traces?limit=50&attr.customer=c" + (i % 200));
    queries.put(
        "spans, service+model",
        i ->
            "/api/spans?limit=50&service=" + BenchData.service(i) + "&model=" + BenchData.model(i));
    queries.put("spans, userId", i -> "/api/spans?limit=50&userId=u" + (i * 7 % 5000));
    queries.put(
        "spans, minLatencyMs=2000, 24h", i -> "/api/spans?limit=50&minLatencyMs=2000&" + day);
    queries.put("analytics: cost by model, 7d", i -> "/api/analytics/cost?groupBy=model&" + week);
    queries.put(
        "analytics: cost by model per day, 7d",
        i -> "/api/analytics/cost?groupBy=model&interval=day&" + week);
    queries.put(
        "analytics: tokens by service, 7d", i -> "/api/analytics/tokens?groupBy=service&" + week);
    queries.put(
        "analytics: latency p50/p95/p99 by model, 1h",
        i ->
            "/api/analytics/latency?groupBy=model&from="
                + now.minus(1, ChronoUnit.HOURS).getEpochSecond()
                + "&to="
                + now.getEpochSecond());
    System.out.printf("%nload average before: %s", loadAverage());
    System.out.printf("%n| query | p50 ms | p95 ms | max ms | rows |%n|---|---:|---:|---:|---:|%n");
    for (Map.Entry<String, IntFunction<String>> q : queries.entrySet()) {
      for (int i = 0; i < 20; i++) {
        get(http, port, q.getValue().apply(i));
      }
      double[] ms = new double[iterations];
      int rows = 0;
      for (int i = 0; i < iterations; i++) {
        long t0 = System.nanoTime();
        String body = get(http, port, q.getValue().apply(i));
        ms[i] = (System.nanoTime() - t0) / 1e6;
        rows = Math.max(rows, count(body));
      }
      Arrays.sort(ms);
      System.out.printf(
          "| %s | %.1f | %.1f | %.1f | %d |%n",
          q.getKey(),
          ms[iterations / 2],
          ms[(int) Math.ceil(iterations * 0.95) - 1],
          ms[iterations - 1],
          rows);
    }
    System.out.printf("load average after: %s%n", loadAverage());
  }

  /** The machine's load: the figures mean little on a machine busy with other work. */
  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip()
          + " ("
          + Runtime.getRuntime().availableProcessors()
          + " cores)";
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** Rows of a list answer (or groups of an analytics answer), for the report. */
  private static int count(String body) {
    int n = 0;
    for (String marker : List.of("\"traceId\"", "\"spanId\"", "\"key\"")) {
      int idx = 0;
      while ((idx = body.indexOf(marker, idx)) >= 0) {
        n++;
        idx += marker.length();
      }
      if (n > 0) {
        return n;
      }
    }
    return n;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("options are --name=value: " + arg);
      }
      int eq = arg.indexOf('=');
      m.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
    }
    return m;
  }

  static String enc(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  static List<LocalDate> days(Instant from, Instant to) {
    List<LocalDate> d = new ArrayList<>();
    for (LocalDate x = LocalDate.ofInstant(from, ZoneOffset.UTC);
        !x.isAfter(LocalDate.ofInstant(to, ZoneOffset.UTC));
        x = x.plusDays(1)) {
      d.add(x);
    }
    return d;
  }

  private QueryBenchmark() {}
}
