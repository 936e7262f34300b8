package io.lumina.storage.replay;

import io.lumina.api.replay.RunStatus;
import java.time.Instant;

/** A run as stored: its settings after defaults were applied, and where it stands. */
public record ReplayRun(
    String id,
    String projectId,
    String setId,
    RunStatus status,
    String provider,
    String model,
    String systemPrompt,
    String promptTemplate,
    Double temperature,
    Long maxTokens,
    String scorer,
    int total,
    int resumedCount,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
