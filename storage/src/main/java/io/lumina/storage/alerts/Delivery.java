package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.ChannelType;
import java.time.Instant;
import java.util.List;

/**
 * A leased delivery with what its notifier needs: the alert and the channel.
 *
 * @param event trigger or resolve
 */
public record Delivery(
    long id, String projectId, String event, int attempts, Alert alert, Channel channel) {

  /** The alert as it is now (a resolve carries the resolution). */
  public record Alert(
      String id,
      AlertKind kind,
      String title,
      String summary,
      String serviceName,
      String endpoint,
      String status,
      double baseline,
      double current,
      Double changePct,
      double threshold,
      int windowSeconds,
      long currentSamples,
      long baselineSamples,
      Instant firedAt,
      Instant resolvedAt) {}

  /**
   * @param type null when this version does not know the stored type (a newer one wrote it)
   * @param secret the webhook's HMAC key or PagerDuty's routing key. Never logged.
   */
  public record Channel(
      String id,
      String name,
      ChannelType type,
      boolean enabled,
      String url,
      String secret,
      List<String> services) {
    @Override
    public String toString() {
      return "Channel[" + id + ", " + type + "]";
    }
  }
}
