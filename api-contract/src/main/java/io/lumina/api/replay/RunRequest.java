package io.lumina.api.replay;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code POST /api/replay/sets/{id}/runs}: what to change for the replay. Every field is optional;
 * what is left out keeps the captured call's value (model, system prompt, temperature, max tokens)
 * or the configured default (provider, scorer {@code text}). Fields left null are left out when a
 * client sends it.
 *
 * @param promptTemplate the new user message, with {@code {{prompt}}} standing for the captured one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunRequest(
    String provider,
    String model,
    String systemPrompt,
    String promptTemplate,
    Double temperature,
    Long maxTokens,
    String scorer) {

  public static final String PROMPT_VARIABLE = "{{prompt}}";

  public static RunRequest defaults() {
    return new RunRequest(null, null, null, null, null, null, null);
  }
}
