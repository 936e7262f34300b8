package io.lumina.worker.notify;

import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.alerts.Delivery;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack incoming webhook: {@code text} (what notifications and old clients show) plus one section
 * block with the alert's summary lines in mrkdwn. The channel URL is the secret here, as Slack
 * issues it.
 */
@Component
class SlackNotifier implements Notifier {

  @Override
  public ChannelType type() {
    return ChannelType.SLACK;
  }

  @Override
  public Outgoing request(Delivery d, Instant now) {
    String icon = "trigger".equals(d.event()) ? ":rotating_light:" : ":white_check_mark:";
    String headline = icon + " *" + escape(AlertJson.headline(d)) + "*";
    ObjectNode root = AlertJson.JSON.createObjectNode();
    root.put("text", AlertJson.headline(d) + ": " + d.alert().serviceName());
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    section
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", headline + "\n" + escape(d.alert().summary()));
    return new Outgoing(d.channel().url(), Map.of(), AlertJson.JSON.writeValueAsString(root));
  }

  // Slack's mrkdwn control characters; service names and endpoints come from span data
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
