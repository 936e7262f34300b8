package io.lumina.api.queue;

/** Dead letters put back into the span queue as new messages. */
public record ReplayResult(int replayed) {}
