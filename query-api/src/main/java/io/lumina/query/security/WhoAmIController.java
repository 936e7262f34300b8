package io.lumina.query.security;

import io.lumina.model.Projects;
import io.lumina.security.ApiKey;
import io.lumina.security.Gatekeeper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/auth/whoami}: the project and role of the key presented, for any valid key. The
 * dashboard checks a key with it at login; scripts use it to see which project a key belongs to.
 */
@RestController
class WhoAmIController {
  static final String PATH = "/api/auth/whoami";

  private final Gatekeeper gatekeeper;

  WhoAmIController(Gatekeeper gatekeeper) {
    this.gatekeeper = gatekeeper;
  }

  /**
   * @param role null while authentication is off
   * @param keyPrefix the first characters of the key, null while authentication is off
   */
  record Identity(String projectId, String role, String keyPrefix, boolean authenticationEnabled) {}

  @GetMapping(PATH)
  Identity whoAmI(HttpServletRequest request) {
    if (request.getAttribute(Gatekeeper.KEY_ATTRIBUTE) instanceof ApiKey key) {
      return new Identity(
          key.projectId(), key.role().name().toLowerCase(Locale.ROOT), key.prefix(), true);
    }
    return new Identity(Projects.DEFAULT_PROJECT, null, null, gatekeeper.authenticationEnabled());
  }
}
