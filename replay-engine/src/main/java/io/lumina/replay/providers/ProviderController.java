package io.lumina.replay.providers;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/replay/providers}: what a run can name, for the dashboard's form. Shows whether a
 * key is configured, never the key.
 */
@RestController
class ProviderController {
  private final LlmProviders providers;

  ProviderController(LlmProviders providers) {
    this.providers = providers;
  }

  record ProviderView(
      String name,
      String protocol,
      String defaultModel,
      boolean isDefault,
      boolean up,
      String detail) {}

  record ProviderList(List<ProviderView> providers) {}

  @GetMapping("/api/replay/providers")
  ProviderList list() {
    String defaultName = providers.defaultName().orElse(null);
    return new ProviderList(
        providers.all().stream()
            .map(
                p -> {
                  LlmProvider.Check check = p.check();
                  return new ProviderView(
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
