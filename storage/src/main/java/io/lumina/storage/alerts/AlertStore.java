package io.lumina.storage.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code alerts}: what the API lists and acts on, always within the caller's project, and the
 * evaluator's episodes (at most one open alert per rule, enforced by a unique index).
 */
public interface AlertStore {

  /**
   * The project's alerts, newest first.
   *
   * @param status firing, acknowledged, resolved, or open (not resolved); null: all
   * @param service null: all
   * @param kind null: all
   */
  List<AlertView> list(String projectId, String status, String service, AlertKind kind, int limit);

  Optional<AlertView> find(String projectId, String id);

  /** Acknowledges a firing alert; false when it was not firing. */
  boolean acknowledge(String projectId, String id, Instant now);

  /** Resolves an open alert by hand ({@code resolved_by = 'api'}); false when already resolved. */
  boolean resolveByHand(String projectId, String id, Instant now);

  /** Open alerts whose rule was deleted or disabled: nobody watches them any more. */
  List<OpenAlert> orphaned();

  /** The rule's open alert, if it has one. */
  Optional<OpenAlert> openAlert(String ruleId);

  /** Opens the rule's episode; empty when one is already open. */
  Optional<String> fire(ActiveRule rule, Measurement measurement, Instant now);

  /** The condition still holds: keeps the latest figures on the open alert. */
  void refresh(String alertId, double current, Double changePct, long currentSamples, Instant now);

  /** The condition cleared ({@code resolved_by = 'evaluator'}); false when already resolved. */
  boolean resolve(String alertId, Instant now);

  /** Records that the alert was looked at without a verdict (too little data). */
  void touch(String alertId, Instant now);
}
