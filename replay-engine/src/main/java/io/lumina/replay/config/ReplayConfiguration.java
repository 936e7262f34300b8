package io.lumina.replay.config;

import io.lumina.pricing.PriceCatalog;
import io.lumina.replay.providers.LlmProviders;
import io.lumina.replay.providers.ReplayProperties;
import io.lumina.replay.runs.Scorers;
import io.lumina.similarity.ExactHashScorer;
import io.lumina.similarity.TextSimilarityScorer;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java parts (providers, scorers, pricing catalog) as beans. */
@Configuration(proxyBeanMethods = false)
class ReplayConfiguration {

  /** One client for every provider call; each call sets its own timeout. */
  @Bean(destroyMethod = "close")
  HttpClient replayHttpClient(ReplayProperties properties) {
    Duration connect =
        properties.callTimeout().compareTo(Duration.ofSeconds(10)) < 0
            ? properties.callTimeout()
            : Duration.ofSeconds(10);
    return HttpClient.newBuilder()
        .connectTimeout(connect)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .build();
  }

  @Bean
  LlmProviders llmProviders(ReplayProperties properties, HttpClient replayHttpClient, Clock clock) {
    return new LlmProviders(properties, replayHttpClient, clock);
  }

  @Bean
  Scorers scorers() {
    return new Scorers(List.of(new TextSimilarityScorer(), new ExactHashScorer()));
  }

  @Bean
  PriceCatalog priceCatalog() {
    return PriceCatalog.bundled();
  }
}
