package io.lumina.storage.quality;

import java.util.List;
import java.util.Map;

/**
 * The similarity below which a span (and its trace) is marked degraded, per service or for the
 * whole project ({@code quality_thresholds}).
 */
public interface QualityThresholdStore {

  /** A project's thresholds, the project-wide one (service null) first, then by service. */
  List<QualityThreshold> list(String projectId);

  /** A project's thresholds by service; the key {@code ""} is the project-wide one. */
  Map<String, Double> byService(String projectId);

  /** Sets the threshold of a service, or the project's when the service is null. */
  void put(String projectId, QualityThreshold threshold);

  /** Removes the threshold of a service (or the project's: null); false when there was none. */
  boolean delete(String projectId, String service);

  /** One threshold; {@code service} null for the project-wide one. */
  record QualityThreshold(String service, double degradedBelow) {}
}
