package io.lumina.service.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which names a service answers to ({@code Host}) and which origins may change state ({@code
 * Origin}): the configured names ({@code lumina.http.allowed-hosts}) when there are any; otherwise
 * the loopback names while authentication is off, and any name while it is on (every request then
 * needs a key, which a page in a browser does not have). Ports are not compared: a name is allowed
 * on every port. See docs/security.md, "Host and Origin".
 */
public final class AllowedHosts {

  /** What a browser on this machine uses to reach a service bound to loopback. */
  public static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

  private final Set<String> configured;

  public AllowedHosts(List<String> configured) {
    this.configured =
        configured.stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(AllowedHosts::normalize)
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether any name is accepted right now. */
  public boolean unrestricted(boolean authenticationOn) {
    return configured.isEmpty() && authenticationOn;
  }

  /** The names accepted right now, for messages. */
  public Set<String> names() {
    return configured.isEmpty() ? LOOPBACK : configured;
  }

  /** Whether a {@code Host} header value ({@code name[:port]}) is allowed. */
  public boolean allowsHost(String hostHeader, boolean authenticationOn) {
    if (unrestricted(authenticationOn)) {
      return true;
    }
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    return names().contains(normalize(stripPort(hostHeader.strip())));
  }

  /** Whether an {@code Origin} header value ({@code scheme://name[:port]}) is allowed. */
  public boolean allowsOrigin(String origin, boolean authenticationOn) {
    if (unrestricted(authenticationOn)) {
      return true;
    }
    try {
      URI uri = new URI(origin.strip());
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return false; // "null", file:, and anything that is no web origin
      }
      return names().contains(normalize(uri.getHost()));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static String stripPort(String host) {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private static String normalize(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
      h = "[" + h + "]"; // a bare IPv6 literal as configured or as URI.getHost gives it
    }
    return h;
  }
}
