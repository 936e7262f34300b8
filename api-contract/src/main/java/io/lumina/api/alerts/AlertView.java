package io.lumina.api.alerts;

import java.time.Instant;

/**
 * An alert as the API shows it: what fired (service, endpoint, baseline, current, change %,
 * threshold, window), what it rests on (sample counts), its text, and its lifecycle. Webhooks carry
 * the same fields (docs/alerts.md).
 *
 * @param status firing, acknowledged or resolved
 * @param resolvedBy evaluator (the condition cleared) or api (resolved by hand)
 */
public record AlertView(
    String id,
    String ruleId,
    AlertKind kind,
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

  /**
   * One notification of an alert to one channel, with its delivery state.
   *
   * @param event trigger or resolve
   * @param status pending, delivered or failed
   * @param nextAttemptAt when it is tried again; only while pending
   */
  public record DeliveryView(
      long id,
      String channelId,
      String channelName,
      ChannelType channelType,
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
