package io.lumina.outbound;

import java.io.IOException;

/**
 * A request not sent because its target is refused by the outbound policy. An {@link IOException},
 * so callers that already handle an unreachable target handle this too, but never retryable: the
 * same target is refused again until an operator allows it.
 */
public final class OutboundRefusedException extends IOException {

  private final AddressRule rule;

  public OutboundRefusedException(AddressRule rule, String message) {
    super(message);
    this.rule = rule;
  }

  /** The range that refused the target; null when the URL itself is unusable. */
  public AddressRule rule() {
    return rule;
  }
}
