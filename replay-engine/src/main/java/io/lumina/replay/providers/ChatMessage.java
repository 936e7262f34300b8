package io.lumina.replay.providers;

import java.util.Objects;

/**
 * One conversation turn: {@code user}, {@code assistant} or {@code tool}; system text goes apart.
 */
public record ChatMessage(String role, String content) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    content = content == null ? "" : content;
  }
}
