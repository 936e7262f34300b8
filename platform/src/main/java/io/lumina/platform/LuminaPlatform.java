package io.lumina.platform;

import io.lumina.dashboard.DashboardApplication;
import io.lumina.ingestion.IngestionApplication;
import io.lumina.query.QueryApiApplication;
import io.lumina.replay.ReplayEngineApplication;
import io.lumina.worker.WorkerApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every Lumina service in one JVM, each in its own Spring context on its usual port: ingestion 9411,
 * worker (actuator) 8090, query API 8081, replay engine 8082, dashboard 3000. Configuration comes from
 * the same environment variables as the separate services.
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

  /**
   * Starts the given services. {@code overrides} win over every other source, as command-line
   * arguments do (for tests: ports, database, stream).
   */
  public static LuminaPlatform start(List<Service> services, Map<String, Object> overrides, String... args) {
    List<String> arguments = new ArrayList<>(List.of(args));
    overrides.forEach((key, value) -> arguments.add("--" + key + "=" + value));
    LuminaPlatform platform = new LuminaPlatform();
    try {
      for (Service service : services) {
        ConfigurableApplicationContext context = service.builder.get()
            .properties(Map.of("spring.main.banner-mode", "off"))
            .run(arguments.toArray(String[]::new));
        platform.contexts.add(context);
        log.info("{} started", service);
      }
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
    return platform;
  }

  public ConfigurableApplicationContext context(int index) {
    return contexts.get(index);
  }

  public static void main(String[] args) {
    LuminaPlatform platform = start(List.of(Service.values()), Map.of(), args);
    Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "lumina-shutdown"));
    log.info("Lumina is up: OTLP http://127.0.0.1:9411/v1/traces, API http://127.0.0.1:8081/api/traces, "
        + "dashboard http://127.0.0.1:3000");
  }

  @Override
  public void close() {
    // Stop in reverse order: readers first, then the worker drains, then ingestion.
    for (int i = contexts.size() - 1; i >= 0; i--) {
      contexts.get(i).close();
    }
    contexts.clear();
  }
}
