package io.lumina.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secure-by-default rules, applied once when a service starts:
 *
 * <ul>
 *   <li>{@code lumina.security.admin-key} set: it becomes (hashed) the admin key of the default
 *       project and authentication is on;
 *   <li>else an active key in the database: authentication is on;
 *   <li>else authentication is off (every request acts as the default project), which is allowed
 *       only while the service listens on loopback: on any other address the service refuses to
 *       start, unless {@code lumina.security.allow-unauthenticated-network} says the network in
 *       front is private (docker compose publishing ports on the host's loopback only).
 * </ul>
 */
public final class SecurityBootstrap {
  /**
   * Configured keys are hashed with plain SHA-256 like generated ones, which is only safe for
   * high-entropy secrets: 32 characters (e.g. {@code openssl rand -base64 32} gives 44) keep a
   * brute-force of a leaked hash out of reach.
   */
  public static final int MIN_CONFIGURED_KEY_LENGTH = 32;

  private static final Logger log = LoggerFactory.getLogger(SecurityBootstrap.class);

  private SecurityBootstrap() {}

  /**
   * @param store the key store, or null for a service without a database (the dashboard)
   * @param configuredAdminKey {@code lumina.security.admin-key}, blank when unset
   * @param bindAddress {@code server.address}; null or blank means every interface
   * @param service the service name, for messages
   * @return the switch the service's {@link Gatekeeper} consults
   * @throws IllegalStateException with what to do, when the service must not start
   */
  public static AuthSwitch start(
      ProjectKeyStore store,
      String configuredAdminKey,
      String bindAddress,
      boolean allowUnauthenticatedNetwork,
      Duration recheck,
      String service) {
    if (configuredAdminKey != null && !configuredAdminKey.isBlank()) {
      if (configuredAdminKey.strip().length() < MIN_CONFIGURED_KEY_LENGTH) {
        throw new IllegalStateException(
            "lumina.security.admin-key (LUMINA_ADMIN_KEY) is shorter than "
                + MIN_CONFIGURED_KEY_LENGTH
                + " characters; use a random value, e.g. `openssl rand -base64 32`");
      }
      if (store != null) {
        store.putConfiguredAdminKey(configuredAdminKey.strip());
      }
      log.info(
          "{}: authentication is on (admin key configured); every endpoint but /actuator/health needs "
              + "an API key",
          service);
      return AuthSwitch.alwaysOn();
    }
    if (store != null && store.anyActiveKey()) {
      log.info(
          "{}: authentication is on (API keys exist); every endpoint but /actuator/health needs an API "
              + "key",
          service);
      return AuthSwitch.alwaysOn();
    }
    boolean loopback = isLoopback(bindAddress);
    if (!loopback && !allowUnauthenticatedNetwork) {
      throw new IllegalStateException(
          service
              + " would listen on '"
              + (bindAddress == null ? "*" : bindAddress)
              + "' with authentication off (no API key exists and none is configured). Set LUMINA_ADMIN_KEY "
              + "(lumina.security.admin-key) to turn authentication on, bind to loopback "
              + "(LUMINA_BIND_ADDRESS=127.0.0.1), or, if the network in front only lets this machine in, set "
              + "LUMINA_ALLOW_UNAUTHENTICATED_NETWORK=true");
    }
    log.warn(
        "{}: AUTHENTICATION IS OFF: no API key is configured (LUMINA_ADMIN_KEY) and none exists; every "
            + "request acts as the default project. Listening on {} {}. Create a key to turn it on.",
        service,
        bindAddress == null || bindAddress.isBlank() ? "every interface" : bindAddress,
        loopback
            ? "(loopback only)"
            : "(NOT loopback: allowed by lumina.security.allow-unauthenticated-network)");
    return store == null
        ? new AuthSwitch(false, () -> false, recheck, System::nanoTime)
        : new AuthSwitch(false, store::anyActiveKey, recheck, System::nanoTime);
  }

  /**
   * Whether an address (literal or host name) is a loopback address; null or blank is "every
   * interface".
   */
  public static boolean isLoopback(String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    String a = address.strip();
    if (a.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(a).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
