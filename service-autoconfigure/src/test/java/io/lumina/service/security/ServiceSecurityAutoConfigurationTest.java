package io.lumina.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.security.AuthSwitch;
import io.lumina.security.Gatekeeper;
import io.lumina.security.RateLimiter;
import io.lumina.security.Requirement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a service gets by depending on the module, and what it may replace. The gatekeeper over the
 * storage module's key store runs in every service's integration tests (platform {@code
 * SecureByDefaultIT}, {@code ProjectIsolationIT}).
 */
class ServiceSecurityAutoConfigurationTest {
  private final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ServiceSecurityAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  static class OwnGatekeeper {
    @Bean
    Gatekeeper gatekeeper() {
      return new Gatekeeper(
          key -> Optional.empty(), AuthSwitch.alwaysOn(), new RateLimiter(0, 1, System::nanoTime));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class ServiceBeans {
    static final AccessPolicy POLICY = (method, path, preflight) -> Requirement.INGEST;
    static final RefusalWriter WRITER = (request, response, refused) -> {};

    @Bean
    AccessPolicy ingestPolicy() {
      return POLICY;
    }

    @Bean
    RefusalWriter ownRefusals() {
      return WRITER;
    }
  }

  @Test
  void aServiceGetsTheFilterWithClosedDefaults() {
    web.withUserConfiguration(OwnGatekeeper.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(AccessPolicy.class)).isSameAs(AccessPolicy.ADMIN_ONLY);
              assertThat(context.getBean(RefusalWriter.class))
                  .isInstanceOf(ProblemJsonRefusalWriter.class);
              FilterRegistrationBean<?> registration =
                  context.getBean("apiKeyFilter", FilterRegistrationBean.class);
              FilterRegistrationBean<?> hosts =
                  context.getBean("hostCheckFilter", FilterRegistrationBean.class);
              assertThat(hosts.getFilter()).isInstanceOf(HostCheckFilter.class);
              assertThat(hosts.getOrder()).isLessThan(ApiKeyFilter.ORDER);
              assertThat(hosts.getUrlPatterns()).containsExactly("/*");
              assertThat(registration.getFilter()).isInstanceOf(ApiKeyFilter.class);
              assertThat(registration.getOrder()).isEqualTo(ApiKeyFilter.ORDER);
              assertThat(registration.getUrlPatterns()).containsExactly("/*");
              assertThat(context.getBean(LuminaSecurityProperties.class).keyCacheTtl())
                  .as("the defaults file is loaded")
                  .hasSeconds(5);
            });
  }

  @Test
  void aServicesPolicyAndRefusalWriterReplaceTheDefaults() {
    web.withUserConfiguration(OwnGatekeeper.class, ServiceBeans.class)
        .run(
            context -> {
              assertThat(context.getBean(AccessPolicy.class)).isSameAs(ServiceBeans.POLICY);
              assertThat(context.getBean(RefusalWriter.class)).isSameAs(ServiceBeans.WRITER);
              assertThat(context.getBeansOfType(FilterRegistrationBean.class))
                  .as("the API key filter and the host check")
                  .hasSize(2);
            });
  }

  @Test
  void aServiceThatCannotCheckKeysDoesNotStart() {
    web.run(
        context ->
            assertThat(context).getFailure().hasStackTraceContaining("has no API key store"));
  }

  @Test
  void notAWebApplicationNoFilter() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ServiceSecurityAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
  }
}
