package io.lumina.worker.notify;

import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.alerts.Delivery;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * PagerDuty Events API v2 ({@code POST https://events.pagerduty.com/v2/enqueue}, or the channel's
 * URL): {@code trigger} with a payload, {@code resolve} with the same {@code dedup_key} ({@code
 * lumina-<alert id>}), so PagerDuty opens and closes one incident per episode. The channel's secret
 * is the integration's routing key.
 */
@Component
class PagerDutyNotifier implements Notifier {

  @Override
  public ChannelType type() {
    return ChannelType.PAGERDUTY;
  }

  @Override
  public Outgoing request(Delivery d, Instant now) {
    Delivery.Alert a = d.alert();
    ObjectNode root = AlertJson.JSON.createObjectNode();
    root.put("routing_key", d.channel().secret() == null ? "" : d.channel().secret());
    root.put("event_action", "trigger".equals(d.event()) ? "trigger" : "resolve");
    root.put("dedup_key", "lumina-" + a.id());
    if ("trigger".equals(d.event())) {
      ObjectNode payload = root.putObject("payload");
      payload.put(
          "summary",
          truncate(
              a.title() + ": " + a.serviceName() + (a.endpoint() == null ? "" : " " + a.endpoint()),
              1024));
      payload.put("source", a.serviceName());
      payload.put("severity", a.kind().severity().wire());
      payload.put("timestamp", a.firedAt().toString());
      if (a.endpoint() != null) {
        payload.put("component", a.endpoint());
      }
      payload.put("group", d.projectId());
      payload.put("class", a.kind().wire());
      payload.set("custom_details", AlertJson.alert(a));
      root.put("client", "Lumina");
    }
    return new Outgoing(d.channel().url(), Map.of(), AlertJson.JSON.writeValueAsString(root));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
