package io.lumina.replay.providers;

import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundRefusedException;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configured providers by name, built once from {@code lumina.replay.providers}. Their calls go
 * through the outbound policy; a base URL whose literal address the policy refuses stops the start
 * naming the provider and the rule (docs/security.md).
 */
public final class LlmProviders {
  private final Map<String, LlmProvider> byName;
  private final String defaultProvider;

  public LlmProviders(ReplayProperties properties, OutboundHttpClient http, Clock clock) {
    properties
        .providers()
        .forEach(
            (name, settings) -> {
              try {
                http.policy().checkConfigured(settings.baseUrl());
              } catch (OutboundRefusedException e) {
                throw new IllegalArgumentException(
                    "lumina.replay.providers." + name + ".base-url: " + e.getMessage(), e);
              }
            });
    Map<String, LlmProvider> providers = new TreeMap<>();
    properties
        .providers()
        .forEach(
            (name, settings) ->
                providers.put(
                    name,
                    switch (settings.type()) {
                      case OPENAI -> new OpenAiChatProvider(name, settings, http, clock);
                      case ANTHROPIC -> new AnthropicMessagesProvider(name, settings, http, clock);
                    }));
    this.byName = providers;
    String configured = properties.defaultProvider();
    this.defaultProvider =
        configured != null && !configured.isBlank()
            ? configured
            : providers.size() == 1 ? providers.keySet().iterator().next() : null;
  }

  public Optional<LlmProvider> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<LlmProvider> all() {
    return byName.values();
  }

  public Collection<String> names() {
    return byName.keySet();
  }

  /** The provider a run that names none uses, if there is one. */
  public Optional<String> defaultName() {
    return Optional.ofNullable(defaultProvider);
  }
}
