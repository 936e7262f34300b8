package io.lumina.storage.replay;

import java.math.BigDecimal;

/** A captured call as a run needs it: the inputs to replay and the original figures to compare. */
public record RunItem(
    int position,
    String traceId,
    String spanId,
    String model,
    String provider,
    String prompt,
    String messagesJson,
    String systemPrompt,
    Double temperature,
    Long maxTokens,
    String response,
    Long promptTokens,
    Long completionTokens,
    BigDecimal costUsd,
    double latencyMs) {}
