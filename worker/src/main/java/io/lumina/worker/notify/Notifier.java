package io.lumina.worker.notify;

import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.alerts.Delivery;
import java.time.Instant;
import java.util.Map;

/**
 * The notifier SPI: turns a delivery into the HTTP request its channel type expects. One
 * implementation per channel type (webhook, slack, pagerduty); sending, retrying and recording are
 * the dispatcher's, so every channel gets the same delivery guarantees.
 */
interface Notifier {

  /** The channel type this notifier serves. */
  ChannelType type();

  /** The request to send for this delivery, at {@code now}. */
  Outgoing request(Delivery delivery, Instant now);

  /** One HTTP POST: where, extra headers, and the body (JSON). */
  record Outgoing(String url, Map<String, String> headers, String body) {}
}
