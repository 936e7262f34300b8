package io.lumina.platform;

import io.lumina.dashboard.DashboardApplication;
import io.lumina.ingestion.IngestionApplication;
import io.lumina.query.QueryApiApplication;
import io.lumina.replay.ReplayEngineApplication;
import io.lumina.worker.WorkerApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every Lumina service in one JVM, each in its own Spring context on its usual port: ingestion
 * 9411, worker (actuator) 8090, query API 8081, replay engine 8082, dashboard 3000. Configuration
 * comes from the same environment variables as the separate services.
 */
public final class LuminaPlatform implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LuminaPlatform.class);

  /** The services in start order: storage writers before readers. */
  public enum Service {
    INGESTION(IngestionApplication::builder),
    WORKER(WorkerApplication::builder),
    QUERY_API(QueryApiApplication::builder),
    REPLAY_ENGINE(ReplayEngineApplication::builder),
    DASHBOARD(DashboardApplication::builder);

    private final Supplier<SpringApplicationBuilder> builder;

    Service(Supplier<SpringApplicationBuilder> builder) {
      this.builder = builder;
    }
  }

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private final Map<Service, ConfigurableApplicationContext> started = new EnumMap<>(Service.class);

  /** Closed after the contexts, in list order (null entries are skipped). */
  private final List<AutoCloseable> resources = new ArrayList<>();

  /**
   * Starts the given services. {@code overrides} win over every other source, as command-line
   * arguments do (for tests: ports, database, stream).
   */
  public static LuminaPlatform start(
      List<Service> services, Map<String, Object> overrides, String... args) {
    List<String> arguments = new ArrayList<>(List.of(args));
    overrides.forEach((key, value) -> arguments.add("--" + key + "=" + value));
    LuminaPlatform platform = new LuminaPlatform();
    try {
      for (Service service : services) {
        ConfigurableApplicationContext context =
            service
                .builder
                .get()
                .properties(Map.of("spring.main.banner-mode", "off"))
                .run(arguments.toArray(String[]::new));
        platform.contexts.add(context);
        platform.started.put(service, context);
        log.info("{} started", service);
      }
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    return platform;
  }

  public ConfigurableApplicationContext context(Service service) {
    return started.get(service);
  }

  /**
   * The README's start command. Without {@code LUMINA_DB_URL} it runs an embedded PostgreSQL with
   * its data under {@code LUMINA_HOME} (default {@code ~/.lumina}); without {@code LUMINA_NATS_URL}
   * the span queue is a table in that database instead of JetStream. {@code --demo} also sends a
   * stream of realistic LLM traces so the dashboard has something to show.
   */
  public static void main(String[] args) {
    boolean demo = List.of(args).contains("--demo");
    String[] springArgs =
        List.of(args).stream().filter(a -> !a.equals("--demo")).toArray(String[]::new);
    LuminaPlatform platform =
        startAllInOne(PlatformSettings.fromEnvironment(System.getenv()), Map.of(), springArgs);
    if (demo) {
      platform.resources.add(
          0,
          DemoTraffic.start(
              URI.create("http://127.0.0.1:" + platform.port(Service.INGESTION) + "/v1/traces"),
              System.getenv("LUMINA_ADMIN_KEY")));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "lumina-shutdown"));
    log.info(
        "Lumina is up: OTLP http://127.0.0.1:{}/v1/traces, API http://127.0.0.1:{}/api/traces, "
            + "dashboard http://127.0.0.1:{}",
        platform.port(Service.INGESTION),
        platform.port(Service.QUERY_API),
        platform.port(Service.DASHBOARD));
  }

  /**
   * Every service, with the embedded PostgreSQL when the settings name no database and the
   * table-backed queue when they name no NATS server. {@code overrides} win over everything else.
   */
  static LuminaPlatform startAllInOne(
      PlatformSettings settings, Map<String, Object> overrides, String... args) {
    Map<String, Object> all = new LinkedHashMap<>();
    EmbeddedDatabase embedded = null;
    // Every context gets the datasource explicitly: in one JVM the JDBC auto-configuration is on
    // every
    // service's classpath, including the dashboard's, whose own config names no database.
    if (settings.databaseUrl() == null) {
      embedded =
          EmbeddedDatabase.start(
              settings.home().resolve("postgres"), settings.embeddedDatabasePort());
      all.put("spring.datasource.url", embedded.jdbcUrl());
      all.put("spring.datasource.username", "postgres");
      all.put("spring.datasource.password", "");
    } else {
      all.put("spring.datasource.url", settings.databaseUrl());
      all.put("spring.datasource.username", settings.databaseUser());
      all.put("spring.datasource.password", settings.databasePassword());
    }
    if (settings.secretKey() == null) {
      all.put("lumina.secrets.key", SecretKeyFile.loadOrCreate(settings.home()));
    }
    if (settings.natsUrl() == null) {
      all.put("lumina.queue.type", "postgres");
      log.info("no LUMINA_NATS_URL: spans are queued in PostgreSQL (table span_queue)");
    }
    all.putAll(overrides);
    try {
      LuminaPlatform platform = start(List.of(Service.values()), all, args);
      platform.resources.add(embedded);
      return platform;
    } catch (RuntimeException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  /** The HTTP port a started service listens on. */
  public int port(Service service) {
    ConfigurableApplicationContext context = started.get(service);
    if (context == null) {
      throw new IllegalArgumentException(service + " was not started");
    }
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  @Override
  public void close() {
    // Stop in reverse order: readers first, then the worker drains, then ingestion.
    for (int i = contexts.size() - 1; i >= 0; i--) {
      contexts.get(i).close();
    }
    contexts.clear();
    started.clear();
    for (AutoCloseable resource : resources) {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception e) {
          log.warn("could not close {}: {}", resource, e.getMessage());
        }
      }
    }
    resources.clear();
  }
}
