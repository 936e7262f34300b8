package io.lumina.outbound;

/**
 * Why an address is refused as the target of an outbound request: each names a range that reaches
 * this host, its network or its cloud rather than the public internet (docs/security.md).
 */
public enum AddressRule {
  LOOPBACK("loopback", "127.0.0.0/8, ::1, localhost"),
  UNSPECIFIED("unspecified", "0.0.0.0/8, ::"),
  PRIVATE("private", "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fec0::/10"),
  SHARED("shared address space", "100.64.0.0/10 (carrier-grade NAT)"),
  LINK_LOCAL("link-local", "169.254.0.0/16, fe80::/10"),
  METADATA("cloud metadata", "169.254.169.254, fd00:ec2::254"),
  UNIQUE_LOCAL("unique-local", "fc00::/7"),
  MULTICAST("multicast", "224.0.0.0/4, ff00::/8"),
  RESERVED("reserved", "240.0.0.0/4, 255.255.255.255");

  private final String label;
  private final String ranges;

  AddressRule(String label, String ranges) {
    this.label = label;
    this.ranges = ranges;
  }

  /** Short name used in error messages and problem details, e.g. {@code loopback}. */
  public String label() {
    return label;
  }

  /** The ranges the rule covers, for messages. */
  public String ranges() {
    return ranges;
  }
}
