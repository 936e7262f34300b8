package io.lumina.bench.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One load phase, client side and database side.
 *
 * @param persistedPerSecond spans stored while the load ran, per second of the load window
 * @param endToEndPerSecond accepted spans per second from the phase start until the last of them
 *     was stored (load plus drain): what the whole path sustains
 * @param drainSeconds from the end of the load until every accepted span was stored (NaN: not
 *     within the drain timeout)
 * @param cores busy cores per process group during the load window
 */
public record PhaseReport(
    String phase,
    double targetSpansPerSecond,
    LoadDriver.Result load,
    double persistedPerSecond,
    double endToEndPerSecond,
    double drainSeconds,
    long storedAtEnd,
    double[] receivedToStoredMillis,
    Map<String, Double> cores) {

  public double acceptedPerSecond() {
    return load.acceptedSpans() / load.seconds();
  }

  public double latency(double p) {
    return Stats.percentileMillis(load.latencyNanos(), p);
  }

  public double queryable(double p) {
    return Stats.percentileMillis(load.queryableNanos(), p);
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", phase);
    m.put("targetSpansPerSecond", round(targetSpansPerSecond));
    m.put("seconds", round(load.seconds()));
    m.put("spansPerRequest", load.settings().spansPerRequest());
    m.put("concurrency", load.settings().concurrency());
    m.put("jsonShare", load.settings().jsonShare());
    m.put("requests", load.requests());
    m.put("sentSpans", load.sentSpans());
    m.put("acceptedSpans", load.acceptedSpans());
    m.put("rejectedSpans", load.rejectedSpans());
    m.put("statuses", load.statuses());
    m.put("connectionErrors", load.connectionErrors());
    m.put("acceptedSpansPerSecond", round(acceptedPerSecond()));
    m.put("persistedSpansPerSecond", round(persistedPerSecond));
    m.put("endToEndSpansPerSecond", round(endToEndPerSecond));
    m.put("drainSeconds", round(drainSeconds));
    m.put("storedSpans", storedAtEnd);
    m.put(
        "requestLatencyMs",
        ordered(
            "p50",
            round(latency(50)),
            "p95",
            round(latency(95)),
            "p99",
            round(latency(99)),
            "max",
            round(Stats.maxMillis(load.latencyNanos()))));
    m.put(
        "ingestToQueryableMs",
        ordered(
            "samples",
            load.queryableNanos().length,
            "timeouts",
            load.probeTimeouts(),
            "p50",
            round(queryable(50)),
            "p95",
            round(queryable(95)),
            "p99",
            round(queryable(99)),
            "max",
            round(Stats.maxMillis(load.queryableNanos()))));
    m.put(
        "receivedToStoredMs",
        ordered(
            "p50",
            round(receivedToStoredMillis[0]),
            "p95",
            round(receivedToStoredMillis[1]),
            "p99",
            round(receivedToStoredMillis[2])));
    Map<String, Object> c = new LinkedHashMap<>();
    cores.forEach((k, v) -> c.put(k, round(v)));
    m.put("busyCores", c);
    return m;
  }

  /** Like Map.of, keeping order and allowing null (a percentile of no samples). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  static Object round(double v) {
    return Double.isFinite(v) ? Math.round(v * 100) / 100.0 : null;
  }
}
