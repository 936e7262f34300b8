package io.lumina.worker.alerts;

import io.lumina.testing.MutableClock;
import io.lumina.testing.TestInfra;
import io.lumina.worker.WorkerApplication;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One worker started in this test JVM for the alert and quality ITs (shared across test classes, so
 * the suite starts one context): this JVM's private database and stream, a {@link MutableClock},
 * and the evaluator, scorer and delivery loops off, so tests drive them one step at a time.
 */
public final class TestWorker {
  private static ConfigurableApplicationContext context;
  private static final MutableClock CLOCK =
      new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

  private TestWorker() {}

  @Configuration(proxyBeanMethods = false)
  static class ClockOverride {
    @Bean
    @Primary
    Clock testClock() {
      return CLOCK;
    }
  }

  public static synchronized ConfigurableApplicationContext context() {
    if (context == null) {
      List<String> args = new ArrayList<>();
      TestInfra.properties().forEach((k, v) -> args.add("--" + k + "=" + v));
      args.add("--server.port=0");
      // the local webhook receivers and fake judges listen on loopback
      args.add("--lumina.outbound.allow=127.0.0.1");
      args.add("--lumina.alerts.enabled=false");
      args.add("--lumina.quality.enabled=false");
      args.add("--lumina.alerts.delivery.enabled=false");
      args.add("--lumina.alerts.delivery.initial-backoff=10s");
      args.add("--lumina.alerts.delivery.max-attempts=4");
      context =
          WorkerApplication.builder().sources(ClockOverride.class).run(args.toArray(String[]::new));
      Runtime.getRuntime().addShutdownHook(new Thread(context::close));
    }
    return context;
  }

  public static MutableClock clock() {
    return CLOCK;
  }

  public static <T> T bean(Class<T> type) {
    return context().getBean(type);
  }

  public static JdbcTemplate jdbc() {
    return bean(JdbcTemplate.class);
  }
}
