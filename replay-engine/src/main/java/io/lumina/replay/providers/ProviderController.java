package io.lumina.replay.providers;

import io.lumina.api.replay.ProviderList;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/replay/providers} ({@link ProviderList}): what a run can name, for the
 * dashboard's form.
 */
@RestController
class ProviderController {
  private final LlmProviders providers;

  ProviderController(LlmProviders providers) {
    this.providers = providers;
  }

  @GetMapping("/api/replay/providers")
  ProviderList list() {
    String defaultName = providers.defaultName().orElse(null);
    return new ProviderList(
        providers.all().stream()
            .map(
                p -> {
                  LlmProvider.Check check = p.check();
                  return new ProviderList.Provider(
                      p.name(),
                      p.protocol(),
                      p.defaultModel(),
                      p.name().equals(defaultName),
                      check.up(),
                      check.detail());
                })
            .toList());
  }
}
