package io.lumina.storage.alerts;

/** An alert that is firing or acknowledged, as the evaluator needs it. */
public record OpenAlert(String id, String projectId, String serviceName) {}
