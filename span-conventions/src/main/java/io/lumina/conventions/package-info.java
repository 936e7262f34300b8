/**
 * Understanding spans: {@link io.lumina.conventions.AttributeMapping}, the one table from every
 * supported attribute convention (OTel GenAI current and deprecated, OpenInference,
 * OpenLLMetry/Traceloop, Vercel AI SDK, Lumina's flat keys) to the standard Lumina fields, and
 * {@link io.lumina.conventions.SpanNormalizer}, which applies it to an OTLP span on the worker's
 * hot path. Owns the precedence rules (span over events over resource, response model over request
 * model), the token normalization rules (input includes cached tokens, output includes reasoning
 * tokens) and the usage role that lets totals count each LLM call once ({@link
 * io.lumina.model.UsageRole}). Knows nothing of prices: that is {@code io.lumina.pricing}.
 */
package io.lumina.conventions;
