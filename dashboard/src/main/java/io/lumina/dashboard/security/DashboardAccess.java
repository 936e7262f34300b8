package io.lumina.dashboard.security;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Who may use the dashboard and which key its backend calls carry. Login is on when users or an
 * admin key are configured (or {@code login-required}); then each session carries the key it logged
 * in with (a user's configured key, or the key typed at login), and the APIs scope every answer to
 * that key's project. With login off the dashboard is open (loopback only, see {@link
 * DashboardSecurityConfiguration}) and sends {@code lumina.dashboard.security.api-key} when one is
 * set.
 */
final class DashboardAccess {
  private final boolean loginEnabled;
  private final Map<String, DashboardUser> users;
  private final String serviceKey;

  DashboardAccess(boolean loginEnabled, List<DashboardUser> users, String serviceKey) {
    this.loginEnabled = loginEnabled;
    this.users =
        users.stream()
            .collect(Collectors.toUnmodifiableMap(DashboardUser::name, Function.identity()));
    this.serviceKey = serviceKey == null || serviceKey.isBlank() ? null : serviceKey.strip();
  }

  boolean loginEnabled() {
    return loginEnabled;
  }

  boolean usersConfigured() {
    return !users.isEmpty();
  }

  Optional<DashboardUser> user(String name) {
    return Optional.ofNullable(name == null ? null : users.get(name));
  }

  /** The key for a backend call made while handling the current request, or null for none. */
  String currentKey() {
    if (!loginEnabled) {
      return serviceKey;
    }
    if (RequestContextHolder.getRequestAttributes()
        instanceof ServletRequestAttributes attributes) {
      HttpSession session = attributes.getRequest().getSession(false);
      if (session != null && session.getAttribute(SessionKeys.API_KEY) instanceof String key) {
        return key;
      }
    }
    return null;
  }
}
