package io.lumina.api.alerts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a notification channel sends alerts: the one list of channel types. Adding one means a
 * constant here and a notifier for it in the worker (docs/alerts.md has the payloads).
 */
public enum ChannelType {
  /** A signed JSON POST to any URL. */
  WEBHOOK("webhook", "webhook (signed JSON)"),
  /** A Slack incoming webhook; its URL is the credential. */
  SLACK("slack", "Slack incoming webhook"),
  /** PagerDuty Events API v2; the channel's secret is the routing key. */
  PAGERDUTY("pagerduty", "PagerDuty Events v2");

  private final String wire;
  private final String label;

  ChannelType(String wire, String label) {
    this.wire = wire;
    this.label = label;
  }

  /** The name in JSON and in the database: {@code webhook}. */
  @JsonValue
  public String wire() {
    return wire;
  }

  /** What a person choosing a type reads: "Slack incoming webhook". */
  public String label() {
    return label;
  }

  /** The type of this wire name; empty for any other text. */
  public static Optional<ChannelType> fromWire(String wire) {
    return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
  }

  /** Reads the wire name; throws on an unknown one. */
  @JsonCreator
  public static ChannelType of(String wire) {
    return fromWire(wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown channel type " + wire));
  }

  /** "webhook, slack, pagerduty": for messages that list the choices. */
  public static String wireNames() {
    return Arrays.stream(values()).map(ChannelType::wire).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wire;
  }
}
