package io.lumina.sdk.spring;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.lumina.sdk.AlwaysSample;
import io.lumina.sdk.Lumina;
import io.lumina.sdk.LuminaOptions;
import io.lumina.sdk.langchain4j.LuminaChatModelListener;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Lumina SDK as a bean, from {@code lumina.sdk.*}, and the Spring AI and LangChain4j
 * integrations when those libraries are on the classpath. Spring Boot registers the observation
 * handlers with its {@code ObservationRegistry}, which Spring AI's models report to.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "lumina.sdk.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LuminaSdkProperties.class)
public class LuminaAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Lumina lumina(
      LuminaSdkProperties properties,
      Environment environment,
      ObjectProvider<LuminaOptionsCustomizer> customizers) {
    LuminaOptions.Builder options = options(properties, environment);
    customizers.orderedStream().forEach(c -> c.customize(options));
    return Lumina.init(options.build());
  }

  static LuminaOptions.Builder options(LuminaSdkProperties p, Environment environment) {
    String serviceName =
        p.serviceName() != null && !p.serviceName().isBlank()
            ? p.serviceName()
            : environment.getProperty("spring.application.name", "spring-application");
    AlwaysSample.Builder always = AlwaysSample.builder().errors(p.alwaysSample().errors());
    if (p.alwaysSample().costUsdAbove() != null) {
      always.costUsdAbove(p.alwaysSample().costUsdAbove());
    }
    always.userIdIn(p.alwaysSample().userIds());
    return LuminaOptions.builder()
        .endpoint(p.endpoint())
        .serviceName(serviceName)
        .apiKey(p.apiKey())
        .samplingRate(p.samplingRate())
        .alwaysSample(always.build())
        .captureContent(p.captureContent())
        .exportTimeout(p.export().timeout())
        .exportDelay(p.export().delay())
        .exportQueueSize(p.export().queueSize())
        .bufferMaxSpans(p.buffer().maxSpans())
        .bufferMaxBytes(p.buffer().maxBytes().toBytes())
        .bufferTimeout(p.buffer().timeout())
        // the application context closes the bean; a second hook would race it
        .shutdownHook(false);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ChatModelObservationContext.class)
  @ConditionalOnBooleanProperty(name = "lumina.sdk.spring-ai.enabled", matchIfMissing = true)
  static class SpringAiChatModel {
    @Bean
    SpringAiChatModelObservationHandler luminaSpringAiChatModelObservationHandler(Lumina lumina) {
      return new SpringAiChatModelObservationHandler(lumina);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ChatClientObservationContext.class)
  @ConditionalOnBooleanProperty(name = "lumina.sdk.spring-ai.enabled", matchIfMissing = true)
  static class SpringAiChatClient {
    @Bean
    SpringAiChatClientObservationHandler luminaSpringAiChatClientObservationHandler(Lumina lumina) {
      return new SpringAiChatClientObservationHandler(lumina);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ChatModelListener.class)
  @ConditionalOnBooleanProperty(name = "lumina.sdk.langchain4j.enabled", matchIfMissing = true)
  static class LangChain4j {
    @Bean
    @ConditionalOnMissingBean
    LuminaChatModelListener luminaChatModelListener(Lumina lumina) {
      return new LuminaChatModelListener(lumina);
    }
  }
}
