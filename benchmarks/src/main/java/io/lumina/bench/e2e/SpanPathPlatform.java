package io.lumina.bench.e2e;

import io.lumina.ingestion.IngestionApplication;
import io.lumina.query.QueryApiApplication;
import io.lumina.worker.WorkerApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The span path of the all-in-one platform in one JVM: worker, ingestion and query API, each in its
 * own Spring context, started the way {@code io.lumina.platform.LuminaPlatform} starts them, from
 * this module's classpath (the service jars last installed in the local Maven repository). The
 * benchmark's default target: it needs no repackaged platform jar, so it measures the services as
 * they are now, without the replay engine and dashboard idling next to them. Ports come from each
 * service's own environment variable ({@code LUMINA_INGESTION_PORT}, {@code LUMINA_WORKER_PORT},
 * {@code LUMINA_QUERY_PORT}).
 */
public final class SpanPathPlatform {
  private SpanPathPlatform() {}

  public static void main(String[] args) {
    List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Readers first, then ingestion stops accepting, then the worker drains what it
                  // holds.
                  for (int i = contexts.size() - 1; i >= 0; i--) {
                    contexts.get(i).close();
                  }
                },
                "span-path-shutdown"));
    // Worker first: it migrates the schema and creates the stream the others use.
    contexts.add(
        WorkerApplication.builder().properties(Map.of("spring.main.banner-mode", "off")).run(args));
    contexts.add(
        IngestionApplication.builder()
            .properties(Map.of("spring.main.banner-mode", "off"))
            .run(args));
    contexts.add(
        QueryApiApplication.builder()
            .properties(Map.of("spring.main.banner-mode", "off"))
            .run(args));
    System.out.println("span path up");
  }
}
