package io.lumina.api.replay;

import java.util.List;

/**
 * {@code GET /api/replay/providers}: what a run can name, for the dashboard's form. Says whether a
 * provider answers, never its key.
 */
public record ProviderList(List<Provider> providers) {

  /**
   * @param protocol {@code openai} (OpenAI-compatible chat completions) or {@code anthropic}
   * @param isDefault the provider a run without {@code provider} uses
   * @param up whether its last check succeeded; {@code detail} says why not
   */
  public record Provider(
      String name,
      String protocol,
      String defaultModel,
      boolean isDefault,
      boolean up,
      String detail) {}
}
