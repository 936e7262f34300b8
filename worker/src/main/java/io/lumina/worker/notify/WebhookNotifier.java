package io.lumina.worker.notify;

import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.alerts.Delivery;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generic webhook: {@code {"event": "alert.triggered"|"alert.resolved", "deliveryId", "project",
 * "sentAt", "alert": {...}}}, signed with the channel's secret (see {@link WebhookSignature}) when
 * it has one. {@code X-Lumina-Delivery} is stable across retries so receivers can deduplicate.
 */
@Component
class WebhookNotifier implements Notifier {

  @Override
  public ChannelType type() {
    return ChannelType.WEBHOOK;
  }

  @Override
  public Outgoing request(Delivery d, Instant now) {
    ObjectNode root = AlertJson.JSON.createObjectNode();
    root.put("event", AlertJson.event(d.event()));
    root.put("deliveryId", d.id());
    root.put("project", d.projectId());
    root.put("sentAt", now.toString());
    root.set("alert", AlertJson.alert(d.alert()));
    String body = AlertJson.JSON.writeValueAsString(root);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Lumina-Event", AlertJson.event(d.event()));
    headers.put("X-Lumina-Delivery", Long.toString(d.id()));
    String secret = d.channel().secret();
    if (secret != null && !secret.isEmpty()) {
      long timestamp = now.getEpochSecond();
      headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
      headers.put(
          WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
    }
    return new Outgoing(d.channel().url(), headers, body);
  }
}
