/**
 * Server-side sampling: {@link io.lumina.sampling.SamplingRules} (per-service {@code samplingRate}
 * and {@code alwaysSampleConditions}, read from the seed's JSON shape) and the
 * {@link io.lumina.sampling.Sampler} decision. Pure logic, no Spring, no I/O.
 */
package io.lumina.sampling;
