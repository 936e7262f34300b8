package io.lumina.outbound;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an operator allows despite the refused ranges ({@code lumina.outbound.allow}): host names
 * (exact, or {@code *.example.internal} for every name below), IP addresses and CIDR blocks. An
 * allowed name is allowed whatever it resolves to; an allowed address or block allows every name
 * resolving into it and every literal spelling of it.
 */
public final class OutboundAllowList {

  /** Allows nothing: every refused range stays refused. */
  public static final OutboundAllowList NONE = new OutboundAllowList(List.of());

  private record Block(byte[] network, int prefix) {
    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (a[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (a[full] & mask) == (network[full] & mask);
    }
  }

  private final List<String> names = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>();
  private final List<Block> blocks = new ArrayList<>();
  private final List<String> entries;

  /**
   * @throws IllegalArgumentException naming the first entry that is no name, address or CIDR block
   */
  public OutboundAllowList(List<String> entries) {
    this.entries = List.copyOf(entries);
    for (String raw : this.entries) {
      String e = raw.strip().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      int slash = e.indexOf('/');
      String addressPart = slash >= 0 ? e.substring(0, slash) : e;
      Optional<InetAddress> literal = literalOrFail(raw, addressPart);
      if (literal.isPresent()) {
        byte[] network = literal.get().getAddress();
        int prefix = network.length * 8;
        if (slash >= 0) {
          try {
            prefix = Integer.parseInt(e.substring(slash + 1));
          } catch (NumberFormatException ex) {
            throw bad(raw, "the prefix length is not a number");
          }
          if (prefix < 0 || prefix > network.length * 8) {
            throw bad(raw, "the prefix length must be 0 to " + network.length * 8);
          }
        }
        blocks.add(new Block(network, prefix));
      } else if (slash >= 0) {
        throw bad(raw, "a CIDR block needs an IP address before the /");
      } else if (e.startsWith("*.") && validName(e.substring(2))) {
        suffixes.add(e.substring(1));
      } else if (validName(e)) {
        names.add(e.endsWith(".") ? e.substring(0, e.length() - 1) : e);
      } else {
        throw bad(raw, "not a host name, IP address or CIDR block");
      }
    }
  }

  private static Optional<InetAddress> literalOrFail(String raw, String addressPart) {
    try {
      return Addresses.literal(addressPart);
    } catch (IllegalArgumentException e) {
      throw bad(raw, e.getMessage());
    }
  }

  private static boolean validName(String name) {
    return name.matches("[a-z0-9_]([a-z0-9_.-]*[a-z0-9_.])?");
  }

  private static IllegalArgumentException bad(String entry, String why) {
    return new IllegalArgumentException(
        "lumina.outbound.allow entry '" + entry + "' is invalid: " + why);
  }

  /** Whether this host name is allowed as such (case-insensitive, trailing dot ignored). */
  public boolean allowsName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (names.contains(h)) {
      return true;
    }
    for (String suffix : suffixes) {
      if (h.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this address falls in an allowed address or block. */
  public boolean allowsAddress(InetAddress address) {
    for (Block b : blocks) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public List<String> entries() {
    return entries;
  }
}
