package io.lumina.dashboard.replay;

import io.lumina.dashboard.view.JsonText;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One choice of the run form's provider list, from the engine's {@code GET /api/replay/providers}.
 */
public record ProviderOption(String name, String label, boolean preselected) {

  static final List<ProviderOption> BUILT_IN =
      List.of(
          new ProviderOption("openai", "openai (OpenAI-compatible)", true),
          new ProviderOption("anthropic", "anthropic (Anthropic Messages)", false));

  static List<ProviderOption> of(JsonNode answer) {
    List<ProviderOption> out = new ArrayList<>();
    for (JsonNode p : JsonText.array(answer, "providers")) {
      String name = JsonText.field(p, "name");
      if (name == null) {
        continue;
      }
      String protocol = JsonText.field(p, "protocol");
      String model = JsonText.field(p, "defaultModel");
      String label =
          name
              + (protocol == null
                  ? ""
                  : " (" + protocol + (model == null ? "" : ", " + model) + ")");
      out.add(
          new ProviderOption(
              name, label, "true".equals(JsonText.field(p, "isDefault", "default"))));
    }
    return out.isEmpty() ? BUILT_IN : out;
  }
}
