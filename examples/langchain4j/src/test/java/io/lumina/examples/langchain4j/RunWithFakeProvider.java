package io.lumina.examples.langchain4j;

import io.lumina.testing.FakeLlmProvider;

/** Runs the example against test-support's fake OpenAI-compatible server (no key, no internet). */
public final class RunWithFakeProvider {
  public static void main(String[] args) {
    try (FakeLlmProvider provider = FakeLlmProvider.start()) {
      LangChain4jExample.runAgainst(provider.openAiBaseUrl());
    }
  }
}
