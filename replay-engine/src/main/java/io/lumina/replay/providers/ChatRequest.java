package io.lumina.replay.providers;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to send, protocol-neutral. {@code system} is the system prompt (null for none); each
 * protocol places it its own way. {@code timeout} bounds the whole call.
 */
public record ChatRequest(
    String model,
    String system,
    List<ChatMessage> messages,
    Double temperature,
    Long maxTokens,
    Duration timeout) {

  public ChatRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
  }
}
