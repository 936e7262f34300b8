package io.lumina.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether Lumina may send a request to a URL: only {@code http} and {@code https}, and
 * never to an address in a refused range ({@link AddressRule}) unless the {@link OutboundAllowList}
 * names the host or the address. {@link #checkConfigured} judges what can be judged without DNS,
 * when a channel or provider is configured; {@link #resolve} resolves the name once when sending
 * and returns the checked addresses, which are the only ones the client connects to, so a name that
 * resolves to a public address for the check and to a private one a moment later (DNS rebinding)
 * gains nothing.
 */
public final class OutboundPolicy {

  /** Where a checked request goes: the URL's parts and the addresses it may connect to. */
  public record Target(
      boolean tls, String host, int port, String hostHeader, List<InetAddress> addresses) {
    public Target {
      addresses = List.copyOf(addresses);
    }
  }

  private final OutboundAllowList allow;
  private final HostResolver resolver;

  public OutboundPolicy(OutboundAllowList allow, HostResolver resolver) {
    this.allow = allow;
    this.resolver = resolver;
  }

  /** The policy with no allow-list and the JVM's resolver. */
  public static OutboundPolicy strict() {
    return new OutboundPolicy(OutboundAllowList.NONE, HostResolver.SYSTEM);
  }

  /**
   * Checks a URL being configured: its form, and its host when the host is a literal address or a
   * {@code localhost} name. A name is resolved only when sending.
   *
   * @throws OutboundRefusedException naming the rule (message fit for a 400)
   */
  public void checkConfigured(URI uri) throws OutboundRefusedException {
    Authority a = authority(uri);
    if (allow.allowsName(a.host)) {
      return;
    }
    Optional<InetAddress> literal = literal(a.host);
    if (literal.isPresent()) {
      check(a.host, literal.get());
    } else if (Addresses.isLocalhostName(a.host)) {
      throw refused(a.host, null, AddressRule.LOOPBACK);
    }
  }

  /** Like {@link #checkConfigured(URI)} for a URL given as text. */
  public void checkConfigured(String url) throws OutboundRefusedException {
    checkConfigured(parse(url));
  }

  /**
   * Resolves and checks a URL being sent to. Every address the name resolves to must be allowed:
   * one refused address refuses the request.
   */
  public Target resolve(URI uri) throws OutboundRefusedException, UnknownHostException {
    Authority a = authority(uri);
    boolean nameAllowed = allow.allowsName(a.host);
    List<InetAddress> addresses;
    Optional<InetAddress> literal = literal(a.host);
    if (literal.isPresent()) {
      addresses = List.of(literal.get());
    } else if (Addresses.isLocalhostName(a.host) && !nameAllowed) {
      throw refused(a.host, null, AddressRule.LOOPBACK);
    } else {
      addresses = resolver.resolve(a.host);
      if (addresses.isEmpty()) {
        throw new UnknownHostException(a.host);
      }
    }
    if (!nameAllowed) {
      for (InetAddress address : addresses) {
        check(a.host, address);
      }
    }
    String hostHeader = a.hostText + (a.explicitPort ? ":" + a.port : "");
    return new Target(a.tls, a.host, a.port, hostHeader, addresses);
  }

  private void check(String host, InetAddress address) throws OutboundRefusedException {
    Optional<AddressRule> rule = Addresses.refusal(address);
    if (rule.isPresent() && !allow.allowsAddress(address)) {
      throw refused(host, address, rule.get());
    }
  }

  private static OutboundRefusedException refused(
      String host, InetAddress address, AddressRule rule) {
    String where =
        address == null || address.getHostAddress().equals(host)
            ? host
            : host + " (" + address.getHostAddress() + ")";
    return new OutboundRefusedException(
        rule,
        where
            + " is a "
            + rule.label()
            + " address ("
            + rule.ranges()
            + "): refused unless an operator allows it in lumina.outbound.allow");
  }

  private static Optional<InetAddress> literal(String host) throws OutboundRefusedException {
    try {
      return Addresses.literal(host);
    } catch (IllegalArgumentException e) {
      throw new OutboundRefusedException(null, e.getMessage());
    }
  }

  static URI parse(String url) throws OutboundRefusedException {
    try {
      return new URI(url);
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new OutboundRefusedException(null, "not a valid URL");
    }
  }

  private record Authority(
      boolean tls, String host, String hostText, int port, boolean explicitPort) {}

  /**
   * Host and port from the raw authority: {@link URI#getHost} is null for hosts such as {@code
   * 2130706433} or {@code 0177.0.0.1}, which other clients read as addresses.
   */
  private static Authority authority(URI uri) throws OutboundRefusedException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new OutboundRefusedException(null, "the URL must be an absolute http or https URL");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new OutboundRefusedException(null, "the URL has no host");
    }
    int at = authority.lastIndexOf('@');
    String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
    String hostText;
    String portText = null;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      if (close < 0) {
        throw new OutboundRefusedException(null, "the URL's IPv6 host has no closing ]");
      }
      hostText = hostPort.substring(0, close + 1);
      if (close + 1 < hostPort.length()) {
        if (hostPort.charAt(close + 1) != ':') {
          throw new OutboundRefusedException(null, "the URL's host is malformed");
        }
        portText = hostPort.substring(close + 2);
      }
    } else {
      int colon = hostPort.lastIndexOf(':');
      hostText = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
      portText = colon >= 0 ? hostPort.substring(colon + 1) : null;
    }
    if (hostText.isEmpty() || hostText.indexOf('%') >= 0 && !hostText.startsWith("[")) {
      throw new OutboundRefusedException(null, "the URL's host is malformed");
    }
    boolean tls = scheme.equals("https");
    int port = tls ? 443 : 80;
    boolean explicit = portText != null && !portText.isEmpty();
    if (explicit) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new OutboundRefusedException(null, "the URL's port is not a number");
      }
      if (port < 1 || port > 65535) {
        throw new OutboundRefusedException(null, "the URL's port must be 1 to 65535");
      }
    }
    String host =
        hostText.startsWith("[") ? hostText.substring(1, hostText.length() - 1) : hostText;
    return new Authority(tls, host.toLowerCase(Locale.ROOT), hostText, port, explicit);
  }
}
