package io.lumina.storage.replay;

/** A captured item of a run's set and its result, null while it is not replayed yet. */
public record ComparedItem(RunItem item, ItemResult result) {}
