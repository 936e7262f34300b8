package io.lumina.platform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.dashboard.security.DashboardSecurityProperties;
import io.lumina.service.security.LuminaSecurityProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** The short variable names of docs/configuration.md reach the settings records. */
class ServiceConfigurationFilesTest {

  @Test
  void securityVariablesBindInEveryService() throws IOException {
    for (String service : ConfigurationReference.SERVICES) {
      Binder binder =
          binder(
              service,
              Map.of(
                  "LUMINA_ADMIN_KEY", "an-admin-key-long-enough-0123456789",
                  "LUMINA_KEY_CACHE_TTL", "2s",
                  "LUMINA_RATE_LIMIT_BURST", "7"));
      LuminaSecurityProperties security =
          binder.bind("lumina.security", LuminaSecurityProperties.class).get();
      assertThat(security.adminKey()).as(service).isEqualTo("an-admin-key-long-enough-0123456789");
      assertThat(security.keyCacheTtl()).as(service).isEqualTo(Duration.ofSeconds(2));
      assertThat(security.rateLimit().burst()).as(service).isEqualTo(7);
      assertThat(security.rateLimit().perSecond()).as(service).isEqualTo(100.0);
    }
  }

  @Test
  void dashboardUsersAreCommaSeparatedNamePasswordKeyEntries() throws IOException {
    DashboardSecurityProperties dashboard =
        binder("dashboard", Map.of("LUMINA_DASHBOARD_USERS", "ann:pw1:key1,bob:pw2:key2"))
            .bind("lumina.dashboard.security", DashboardSecurityProperties.class)
            .get();
    assertThat(dashboard.users()).containsExactly("ann:pw1:key1", "bob:pw2:key2");
  }

  private static Binder binder(String service, Map<String, Object> variables) throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    environment
        .getPropertySources()
        .addLast(
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
    new YamlPropertySourceLoader()
        .load(service, new ClassPathResource("lumina-" + service + ".yml"))
        .forEach(environment.getPropertySources()::addLast);
    return Binder.get(environment);
  }
}
