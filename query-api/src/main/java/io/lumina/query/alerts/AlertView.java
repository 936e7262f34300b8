package io.lumina.query.alerts;

import java.time.Instant;

/**
 * An alert with the seed's fields: service, endpoint, baseline, current, change %, threshold,
 * window; plus what it rests on (sample counts), its text, and its lifecycle.
 */
record AlertView(
    String id,
    String ruleId,
    String kind,
    String title,
    String status,
    String service,
    String endpoint,
    double baseline,
    double current,
    Double changePct,
    double threshold,
    String window,
    long currentSamples,
    long baselineSamples,
    String summary,
    Instant firedAt,
    Instant lastEvaluatedAt,
    Instant acknowledgedAt,
    Instant resolvedAt,
    String resolvedBy) {

  /** One notification of an alert to one channel, with its delivery state. */
  record DeliveryView(
      long id,
      String channelId,
      String channelName,
      String channelType,
      String event,
      String status,
      int attempts,
      Instant nextAttemptAt,
      Instant lastAttemptAt,
      Integer lastStatusCode,
      String lastError,
      Instant deliveredAt,
      Instant createdAt) {}
}
