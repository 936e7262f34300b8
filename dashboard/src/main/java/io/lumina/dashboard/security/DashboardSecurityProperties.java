package io.lumina.dashboard.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lumina.dashboard.security.*}: who may log in to the dashboard.
 *
 * @param users {@code name:password:apiKey} entries ({@code LUMINA_DASHBOARD_USERS},
 *     comma-separated). The password is best given as a hash from {@code KeysCli hash-password}
 *     ({@code pbkdf2-sha256$...}); the API key is what the dashboard sends to the APIs for that
 *     user, so the user sees that key's project with that key's role
 * @param apiKey the key the dashboard sends while login is off ({@code LUMINA_DASHBOARD_API_KEY});
 *     unset by default (the APIs are open too then)
 * @param loginRequired require login even without users or admin key: people then log in with an
 *     API key ({@code LUMINA_DASHBOARD_LOGIN_REQUIRED}, default false; login is on anyway when
 *     users or {@code LUMINA_ADMIN_KEY} are set)
 */
@ConfigurationProperties("lumina.dashboard.security")
public record DashboardSecurityProperties(
    @DefaultValue("") List<String> users,
    @DefaultValue("") String apiKey,
    @DefaultValue("false") boolean loginRequired) {

  @Override
  public String toString() {
    return "DashboardSecurityProperties[users="
        + users.size()
        + ", apiKey="
        + (apiKey.isBlank() ? "unset" : "***")
        + ", loginRequired="
        + loginRequired
        + "]";
  }
}
