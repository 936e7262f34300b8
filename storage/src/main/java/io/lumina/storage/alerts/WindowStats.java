package io.lumina.storage.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * What a rule measures over a time range of one service's spans (optionally one endpoint): the
 * value, how many spans it rests on, and when the earliest of them started. What each {@link
 * io.lumina.api.alerts.AlertKind} measures is defined here, next to its SQL.
 *
 * <p>A span's endpoint is its trace root's {@code http.route}, else the root span's name, else its
 * own name: the route a request came in through is what an operator recognizes ("/api/chat").
 */
public interface WindowStats {

  /**
   * @param samples the spans the value rests on
   * @param firstSeen when the earliest of them started; null without spans
   */
  record Stats(long samples, double value, Instant firstSeen) {}

  Stats measure(ActiveRule rule, Instant from, Instant to);

  /** The endpoint that contributes most to the rule's value (most cost, lowest quality...). */
  Optional<String> worstEndpoint(ActiveRule rule, Instant from, Instant to);
}
