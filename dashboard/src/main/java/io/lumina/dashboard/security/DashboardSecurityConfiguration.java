package io.lumina.dashboard.security;

import io.lumina.dashboard.clients.DashboardProperties;
import io.lumina.security.AuthSwitch;
import io.lumina.security.Gatekeeper;
import io.lumina.security.PasswordHashes;
import io.lumina.security.RateLimiter;
import io.lumina.security.SecurityBootstrap;
import io.lumina.service.security.AccessPolicy;
import io.lumina.service.security.ApiKeyFilter;
import io.lumina.service.security.LuminaSecurityProperties;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * Dashboard login, CSRF protection and the key the dashboard's backend calls carry. No database
 * here: keys are checked by the query API ({@link KeyVerifier}).
 *
 * <p>Login is on when {@code lumina.dashboard.security.users} or {@code LUMINA_ADMIN_KEY} is set,
 * or {@code login-required}. With login off the dashboard must listen on loopback, like the APIs
 * with authentication off: on another address it refuses to start unless {@code
 * LUMINA_ALLOW_UNAUTHENTICATED_NETWORK=true}.
 *
 * <p>The actuator is guarded like every service's, by the shared API-key filter of {@code
 * service-autoconfigure}: this configuration contributes the dashboard's gatekeeper (keys checked
 * by the query API, on while login is on) and its policy (everything but the actuator is the login
 * filter's).
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurityConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DashboardSecurityConfiguration.class);

  @Bean
  DashboardAccess dashboardAccess(
      DashboardSecurityProperties properties,
      LuminaSecurityProperties security,
      Environment environment) {
    List<DashboardUser> users = DashboardUser.parse(properties.users());
    boolean login =
        !users.isEmpty() || !security.adminKey().isBlank() || properties.loginRequired();
    if (login) {
      users.stream()
          .filter(u -> !PasswordHashes.isHash(u.password()))
          .forEach(
              u ->
                  log.warn(
                      "dashboard user {} has a password in clear in the configuration; store a hash instead (KeysCli "
                          + "hash-password)",
                      u.name()));
      log.info(
          "dashboard login is on ({} configured users{})",
          users.size(),
          users.isEmpty() ? "; log in with an API key" : "");
    } else {
      String address = environment.getProperty("server.address");
      if (!SecurityBootstrap.isLoopback(address) && !security.allowUnauthenticatedNetwork()) {
        throw new IllegalStateException(
            "the dashboard would listen on '"
                + (address == null ? "*" : address)
                + "' without login. Set LUMINA_DASHBOARD_USERS or LUMINA_ADMIN_KEY to turn login on, bind to "
                + "loopback (LUMINA_BIND_ADDRESS=127.0.0.1), or, if the network in front only lets this machine in, "
                + "set LUMINA_ALLOW_UNAUTHENTICATED_NETWORK=true");
      }
      log.warn(
          "dashboard LOGIN IS OFF (no LUMINA_DASHBOARD_USERS, no LUMINA_ADMIN_KEY): anyone who can reach "
              + "{} can use it",
          address == null ? "this port" : address);
    }
    return new DashboardAccess(login, users, properties.apiKey());
  }

  /**
   * API keys for the actuator: asked of the query API, required while login is on. With login off
   * the dashboard listens on loopback only (see {@link #dashboardAccess}) and the actuator is open,
   * like the APIs with authentication off.
   */
  @Bean
  Gatekeeper dashboardGatekeeper(
      DashboardAccess access, KeyVerifier verifier, LuminaSecurityProperties security) {
    return new Gatekeeper(
        new QueryApiKeyResolver(verifier),
        access.loginEnabled() ? AuthSwitch.alwaysOn() : AuthSwitch.alwaysOff(),
        security.rateLimiter());
  }

  /** Pages, forms and assets are the login filter's; only the actuator needs a key. */
  @Bean
  AccessPolicy dashboardAccessPolicy() {
    return (method, path, corsPreflight) -> null;
  }

  @Bean
  FilterRegistrationBean<LoginFilter> loginFilter(DashboardAccess access) {
    FilterRegistrationBean<LoginFilter> registration =
        new FilterRegistrationBean<>(new LoginFilter(access));
    registration.addUrlPatterns("/*");
    // after SecurityHeadersFilter (HIGHEST_PRECEDENCE), so refusals carry the security headers too,
    // and after the API-key filter, which guards the actuator
    registration.setOrder(ApiKeyFilter.ORDER + 10);
    return registration;
  }

  /**
   * Every backend call made while serving a page carries the session's key (or the configured one).
   */
  @Bean
  RestClientCustomizer sessionKeyForwarding(DashboardAccess access) {
    return builder ->
        builder.requestInterceptor(
            (request, body, execution) -> {
              HttpHeaders headers = request.getHeaders();
              if (!headers.containsHeader(HttpHeaders.AUTHORIZATION)
                  && !headers.containsHeader("x-api-key")) {
                String key = access.currentKey();
                if (key != null) {
                  headers.setBearerAuth(key);
                }
              }
              return execution.execute(request, body);
            });
  }

  @Bean
  KeyVerifier keyVerifier(RestClient.Builder builder, DashboardProperties properties) {
    return new KeyVerifier(builder.clone().baseUrl(properties.queryApiUrl().toString()).build());
  }

  /** Ten attempts at once per client address, then one every six seconds. */
  @Bean
  RateLimiter loginAttempts() {
    return new RateLimiter(1.0 / 6, 10, System::nanoTime);
  }

  /** The session cookie is HttpOnly (the servlet container's default) and SameSite=Lax. */
  @Bean
  CookieSameSiteSupplier sessionCookieSameSite() {
    return CookieSameSiteSupplier.ofLax().whenHasName("JSESSIONID");
  }
}
