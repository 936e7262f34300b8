package io.lumina.worker.notify;

import java.time.Instant;
import java.util.List;

/** A leased delivery with what its notifier needs: the alert and the channel. */
record Delivery(
    long id, String projectId, String event, int attempts, Alert alert, Channel channel) {

  /** The alert as it is now (a resolve carries the resolution). */
  record Alert(
      String id,
      String kind,
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

  /** {@code secret}: the webhook's HMAC key or PagerDuty's routing key. Never logged. */
  record Channel(
      String id, String name, String type, String url, String secret, List<String> services) {
    @Override
    public String toString() {
      return "Channel[" + id + ", " + type + "]";
    }
  }
}
