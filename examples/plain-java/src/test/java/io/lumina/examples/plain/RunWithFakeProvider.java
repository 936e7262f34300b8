package io.lumina.examples.plain;

import io.lumina.testing.FakeLlmProvider;

/** Runs the example against test-support's fake OpenAI-compatible server (no key, no internet). */
public final class RunWithFakeProvider {
  public static void main(String[] args) {
    try (FakeLlmProvider provider = FakeLlmProvider.start()) {
      PlainJavaExample.runAgainst(provider.openAiBaseUrl());
    }
  }
}
