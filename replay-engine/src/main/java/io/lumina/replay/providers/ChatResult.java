package io.lumina.replay.providers;

import io.lumina.model.TokenUsage;

/**
 * A provider's answer: the text, the model that answered (as the provider reported it) and usage in
 * Lumina's convention (input includes cached tokens).
 */
public record ChatResult(String text, String model, TokenUsage usage) {
  public ChatResult {
    text = text == null ? "" : text;
    usage = usage == null ? TokenUsage.NONE : usage;
  }
}
