package io.lumina.dashboard.replay;

import io.lumina.api.replay.ProviderList;
import java.util.ArrayList;
import java.util.List;

/**
 * One choice of the run form's provider list, from the engine's {@code GET /api/replay/providers}.
 */
public record ProviderOption(String name, String label, boolean preselected) {

  static final List<ProviderOption> BUILT_IN =
      List.of(
          new ProviderOption("openai", "openai (OpenAI-compatible)", true),
          new ProviderOption("anthropic", "anthropic (Anthropic Messages)", false));

  static List<ProviderOption> of(ProviderList answer) {
    List<ProviderOption> out = new ArrayList<>();
    for (ProviderList.Provider p :
        answer.providers() == null ? List.<ProviderList.Provider>of() : answer.providers()) {
      if (p.name() == null) {
        continue;
      }
      String label =
          p.name()
              + (p.protocol() == null
                  ? ""
                  : " ("
                      + p.protocol()
                      + (p.defaultModel() == null ? "" : ", " + p.defaultModel())
                      + ")");
      out.add(new ProviderOption(p.name(), label, p.isDefault()));
    }
    return out.isEmpty() ? BUILT_IN : out;
  }
}
