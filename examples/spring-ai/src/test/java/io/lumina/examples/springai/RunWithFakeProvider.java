package io.lumina.examples.springai;

import io.lumina.testing.FakeLlmProvider;

/** Runs the example against test-support's fake OpenAI-compatible server (no key, no internet). */
public final class RunWithFakeProvider {
  public static void main(String[] args) {
    try (FakeLlmProvider provider = FakeLlmProvider.start()) {
      SpringAiExample.main(
          new String[] {"--spring.ai.openai.base-url=" + provider.openAiBaseUrl()});
    }
  }
}
