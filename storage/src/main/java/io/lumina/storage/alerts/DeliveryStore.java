package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertView;
import java.time.Instant;
import java.util.Collection;
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
   * Leases up to {@code limit} due deliveries to {@code owner} until {@code leaseUntil}: pending,
   * due, not leased (or their lease ran out), and not to a channel in {@code busyChannels}. Other
   * replicas skip them while the lease holds; the owner renews it while it sends ({@link #renew}),
   * and a replica that dies mid-send leaves them due again when the lease ends.
   */
  List<Long> lease(
      String owner, Instant now, Instant leaseUntil, int limit, Collection<String> busyChannels);

  /**
   * Extends the lease of those of {@code ids} that {@code owner} still holds and that are pending.
   *
   * @return how many were extended
   */
  int renew(String owner, Collection<Long> ids, Instant leaseUntil);

  /** Gives a leased delivery back unattempted (its channel is busy here): due again at once. */
  void release(String owner, long id);

  /** The leased deliveries with their alert and channel, by id. */
  List<Delivery> load(List<Long> ids);

  /**
   * Records a successful attempt, only if the row is pending and leased by {@code owner}.
   *
   * @return false when the row was not this owner's to record (the lease was lost, or the row is no
   *     longer pending)
   */
  boolean delivered(long id, String owner, int statusCode, Instant now);

  /**
   * A failed attempt: retried at {@code retryAt}, or marked failed when {@code retryAt} is null;
   * recorded only if the row is pending and leased by {@code owner}.
   *
   * @return false when the row was not this owner's to record
   */
  boolean failed(
      long id, String owner, Integer statusCode, String error, Instant now, Instant retryAt);
}
