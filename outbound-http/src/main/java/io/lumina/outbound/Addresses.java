package io.lumina.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Address literals in every spelling a URL parser or resolver accepts, and the rule that refuses an
 * address. IPv4 is read as {@code inet_aton} reads it (one to four parts, each decimal, octal with
 * a leading {@code 0} or hex with {@code 0x}), because that is how curl, browsers and the C
 * resolver read {@code http://2130706433/} or {@code http://0177.0.0.1/}; IPv4 inside IPv6 (mapped
 * {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code
 * 2002::/16}) is judged by its IPv4 address.
 */
public final class Addresses {

  private Addresses() {}

  /**
   * The address a host part of a URL denotes without any DNS lookup: an IPv6 literal (with or
   * without brackets) or an IPv4 literal in any {@code inet_aton} form; empty for a name.
   *
   * @throws IllegalArgumentException when the host looks numeric but is no valid address
   */
  public static Optional<InetAddress> literal(String host) {
    String h = host.strip();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.indexOf(':') >= 0) {
      if (h.indexOf('%') >= 0) {
        throw new IllegalArgumentException("IPv6 zone ids are not accepted: " + host);
      }
      try {
        return Optional.of(InetAddress.getByName(h)); // a literal: getByName does no lookup
      } catch (UnknownHostException | SecurityException e) {
        throw new IllegalArgumentException("not a valid IPv6 address: " + host, e);
      }
    }
    return ipv4(h.toLowerCase(Locale.ROOT));
  }

  /**
   * An IPv4 literal in any inet_aton form, empty when {@code host} is a name. As in the WHATWG URL
   * standard, a host whose last label is a number is an address (and an error if it is no valid
   * one); any other host is a name.
   */
  static Optional<InetAddress> ipv4(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String[] parts = h.split("\\.", -1);
    String last = parts[parts.length - 1];
    if (!last.matches("[0-9]+|0x[0-9a-f]*")) {
      return Optional.empty();
    }
    if (parts.length > 4) {
      throw new IllegalArgumentException("not a valid IPv4 address: " + host);
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long v = number(parts[i]);
      if (v == null) {
        throw new IllegalArgumentException("not a valid IPv4 address: " + host);
      }
      values[i] = v;
    }
    long address = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (values[i] > 255) {
        throw new IllegalArgumentException("not a valid IPv4 address: " + host);
      }
      address = (address << 8) | values[i];
    }
    int restBits = 8 * (4 - (parts.length - 1));
    long rest = values[parts.length - 1];
    if (rest >= (1L << restBits)) {
      throw new IllegalArgumentException("not a valid IPv4 address: " + host);
    }
    address = (address << restBits) | rest;
    byte[] bytes = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // four bytes are always a valid address
    }
  }

  private static Long number(String part) {
    if (part.isEmpty() || part.length() > 12) {
      return null;
    }
    try {
      if (part.startsWith("0x")) {
        return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
      }
      if (part.length() > 1 && part.startsWith("0")) {
        return Long.parseLong(part.substring(1), 8);
      }
      return Long.parseLong(part, 10);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The rule refusing this address, empty when it is an ordinary public address. */
  public static Optional<AddressRule> refusal(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return ipv4Refusal(b);
    }
    if (address instanceof Inet6Address) {
      return ipv6Refusal(b);
    }
    return Optional.of(AddressRule.RESERVED);
  }

  private static Optional<AddressRule> ipv4Refusal(byte[] b) {
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 169 && a1 == 254 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254) {
      return Optional.of(AddressRule.METADATA);
    }
    if (a0 == 127) {
      return Optional.of(AddressRule.LOOPBACK);
    }
    if (a0 == 0) {
      return Optional.of(AddressRule.UNSPECIFIED);
    }
    if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
      return Optional.of(AddressRule.PRIVATE);
    }
    if (a0 == 100 && (a1 & 0xc0) == 64) {
      return Optional.of(AddressRule.SHARED);
    }
    if (a0 == 169 && a1 == 254) {
      return Optional.of(AddressRule.LINK_LOCAL);
    }
    if ((a0 & 0xf0) == 224) {
      return Optional.of(AddressRule.MULTICAST);
    }
    if ((a0 & 0xf0) == 240) {
      return Optional.of(AddressRule.RESERVED); // includes 255.255.255.255
    }
    return Optional.empty();
  }

  private static Optional<AddressRule> ipv6Refusal(byte[] b) {
    if (isZero(b, 0, 16)) {
      return Optional.of(AddressRule.UNSPECIFIED);
    }
    if (isZero(b, 0, 15) && b[15] == 1) {
      return Optional.of(AddressRule.LOOPBACK);
    }
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible): the IPv4 address decides
    if (isZero(b, 0, 10) && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || isZero(b, 10, 12))) {
      return ipv4Refusal(new byte[] {b[12], b[13], b[14], b[15]});
    }
    // 64:ff9b::/96 (NAT64) carries an IPv4 address in its last 32 bits
    if (b[0] == 0
        && b[1] == 0x64
        && b[2] == (byte) 0xff
        && b[3] == (byte) 0x9b
        && isZero(b, 4, 12)) {
      return ipv4Refusal(new byte[] {b[12], b[13], b[14], b[15]});
    }
    // 2002::/16 (6to4) carries one in bits 16 to 48
    if (b[0] == 0x20 && b[1] == 0x02) {
      Optional<AddressRule> inner = ipv4Refusal(new byte[] {b[2], b[3], b[4], b[5]});
      if (inner.isPresent()) {
        return inner;
      }
    }
    int b0 = b[0] & 0xff;
    int b1 = b[1] & 0xff;
    if (b0 == 0xfd
        && b1 == 0x00
        && b[2] == 0x0e
        && b[3] == (byte) 0xc2
        && isZero(b, 4, 14)
        && b[14] == 0x02
        && b[15] == 0x54) {
      return Optional.of(AddressRule.METADATA); // fd00:ec2::254
    }
    if ((b0 & 0xfe) == 0xfc) {
      return Optional.of(AddressRule.UNIQUE_LOCAL);
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
      return Optional.of(AddressRule.LINK_LOCAL);
    }
    if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return Optional.of(AddressRule.PRIVATE); // deprecated site-local
    }
    if (b0 == 0xff) {
      return Optional.of(AddressRule.MULTICAST);
    }
    return Optional.empty();
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Names that mean this host whatever DNS says (RFC 6761). */
  public static boolean isLocalhostName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.equals("localhost") || h.endsWith(".localhost");
  }
}
