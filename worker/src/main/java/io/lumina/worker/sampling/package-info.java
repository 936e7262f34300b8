/**
 * Server-side sampling: {@link io.lumina.worker.sampling.SamplingRules} (per-service {@code
 * samplingRate} and {@code alwaysSampleConditions}, read from JSON with the SDK's option names) and
 * the {@link io.lumina.worker.sampling.Sampler} decision. Pure logic, no Spring, no I/O.
 */
package io.lumina.worker.sampling;
