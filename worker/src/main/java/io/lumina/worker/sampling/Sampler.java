package io.lumina.worker.sampling;

import io.lumina.model.Cost;
import io.lumina.model.NormalizedSpan;
import java.util.Objects;

/**
 * The server-side keep-or-drop decision for one span. The rate part depends only on the trace id,
 * so every span of a trace — on any worker replica, in any batch — gets the same answer. The
 * always-sample conditions are per span: an error span is kept even when the rest of its trace is
 * sampled out. Pure function of its inputs; thread-safe.
 */
public final class Sampler {

  private final SamplingRules rules;

  public Sampler(SamplingRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  public boolean keep(String serviceName, String traceIdHex, NormalizedSpan span, Cost cost) {
    SamplingPolicy policy = rules.policyFor(serviceName);
    if (policy.samplingRate() >= 1.0 || policy.alwaysSample().matches(span, cost)) {
      return true;
    }
    return policy.samplingRate() > 0.0 && traceFraction(traceIdHex) < policy.samplingRate();
  }

  /**
   * A number in [0, 1) fixed by the trace id. Uses the low 64 bits (the random part of W3C ids),
   * run through the SplitMix64 finalizer so that ids that are not random (sequential, or
   * zero-padded 64-bit ids from older tracers) still spread evenly. No allocation.
   */
  static double traceFraction(String traceIdHex) {
    long bits = 0;
    if (traceIdHex != null) {
      int start = Math.max(0, traceIdHex.length() - 16);
      for (int i = start; i < traceIdHex.length(); i++) {
        int d = Character.digit(traceIdHex.charAt(i), 16);
        // not hex: fall back to a string hash so the decision is still deterministic
        bits = d >= 0 ? (bits << 4) | d : bits * 31 + traceIdHex.charAt(i);
      }
    }
    return (mix(bits) >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
