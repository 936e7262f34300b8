package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertView;
import java.time.Instant;
import java.util.List;

/**
 * {@code alert_deliveries}, the outbox: queued in the same transaction as what they announce, sent
 * by whichever worker leases them, shown by the API with their state.
 */
public interface DeliveryStore {

  /**
   * Queues one delivery per enabled channel of the project that covers the service (no service list
   * means all).
   *
   * @param event trigger or resolve
   * @return how many were queued
   */
  int queue(String alertId, String projectId, String serviceName, String event, Instant now);

  /**
   * Queues "resolve" deliveries to the enabled channels that got the alert's trigger (PagerDuty
   * closes the incident).
   */
  void queueResolvesOfTriggered(String projectId, String alertId, Instant now);

  /** The alert's deliveries, oldest first, within the project. */
  List<AlertView.DeliveryView> list(String projectId, String alertId);

  /**
   * Leases up to {@code limit} due deliveries: pushes their next attempt to {@code leaseUntil}, so
   * other replicas skip them; a replica that dies mid-send leaves them due again when the lease
   * ends.
   */
  List<Long> lease(Instant now, Instant leaseUntil, int limit);

  /** The leased deliveries with their alert and channel, by id. */
  List<Delivery> load(List<Long> ids);

  void delivered(long id, int statusCode, Instant now);

  /**
   * A failed attempt: retried at {@code retryAt}, or marked failed when {@code retryAt} is null.
   */
  void failed(long id, Integer statusCode, String error, Instant now, Instant retryAt);
}
