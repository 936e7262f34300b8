package io.lumina.replay.runs;

/**
 * {@code POST /api/replay/sets/{id}/runs}: what to change for the replay. Every field is optional;
 * what is left out keeps the captured call's value (model, system prompt, temperature, max tokens)
 * or the configured default (provider, scorer {@code text}).
 *
 * @param promptTemplate the new user message, with {@code {{prompt}}} standing for the captured one
 */
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
