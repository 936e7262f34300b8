package io.lumina.service.security;

import io.lumina.security.Requirement;

/**
 * What a service's own requests need, by method and path: the one thing about authentication that
 * differs between services, contributed as a bean. {@link ApiKeyFilter} applies the rule every
 * service shares first ({@code /actuator/health} open, every other actuator endpoint a platform
 * read key) and asks the policy about everything else.
 */
@FunctionalInterface
public interface AccessPolicy {
  /**
   * A service that declares no policy: every request beyond the actuator needs an admin key, so an
   * endpoint nobody thought about is closed rather than open.
   */
  AccessPolicy ADMIN_ONLY = (method, path, corsPreflight) -> Requirement.ADMIN;

  /**
   * The rule of the JSON APIs: reading ({@code GET}, {@code HEAD}, {@code OPTIONS}) needs a read
   * key, everything else changes state and needs an admin key; a CORS preflight needs none.
   */
  AccessPolicy READ_OR_ADMIN =
      (method, path, corsPreflight) -> {
        if (corsPreflight) {
          return null;
        }
        return switch (method) {
          case "GET", "HEAD", "OPTIONS" -> Requirement.READ;
          default -> Requirement.ADMIN;
        };
      };

  /**
   * @param path the request path within the application (servlet path and path info)
   * @param corsPreflight an {@code OPTIONS} request with {@code Access-Control-Request-Method}: a
   *     browser asking before the real request, which never carries a key
   * @return the requirement, or null when the request needs no key
   */
  Requirement of(String method, String path, boolean corsPreflight);
}
