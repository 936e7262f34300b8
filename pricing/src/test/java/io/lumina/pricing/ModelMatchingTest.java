package io.lumina.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelMatchingTest {

  private static final PriceCatalog CATALOG = PriceCatalog.bundled();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // date suffixes
    "claude-3-5-sonnet-20241022, claude-3-5-sonnet",
    "gpt-4o-2024-08-06, gpt-4o",
    "gpt-4-0613, gpt-4",
    "o3-2025-04-16, o3",
    "gemini-1.5-pro-002, gemini-1.5-pro",
    "command-r-plus-08-2024, command-r-plus",
    "mistral-large-2411, mistral-large",
    "claude-3-5-haiku-latest, claude-3-5-haiku",
    // provider / gateway prefixes
    "openai/gpt-4o, gpt-4o",
    "anthropic/claude-3.5-sonnet, claude-3-5-sonnet",
    "anthropic/claude-sonnet-4.5, claude-sonnet-4-5",
    "deepseek/deepseek-chat, deepseek-chat",
    "meta-llama/Llama-3.3-70B-Instruct-Turbo, llama-3.3-70b",
    // Bedrock
    "anthropic.claude-3-5-sonnet-20240620-v1:0, claude-3-5-sonnet",
    "us.anthropic.claude-3-7-sonnet-20250219-v1:0, claude-3-7-sonnet",
    "eu.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4",
    "meta.llama3-1-70b-instruct-v1:0, llama-3.1-70b",
    "meta.llama3-1-405b-instruct-v1:0, llama-3.1-405b",
    "cohere.command-r-plus-v1:0, command-r-plus",
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0, claude-opus-4-1",
    // Vertex
    "claude-3-5-sonnet-v2@20241022, claude-3-5-sonnet",
    "claude-sonnet-4@20250514, claude-sonnet-4",
    "publishers/google/models/gemini-1.5-pro, gemini-1.5-pro",
    "projects/p/locations/us-central1/publishers/google/models/gemini-2.0-flash-001, gemini-2.0-flash",
    "models/gemini-2.5-flash, gemini-2.5-flash",
    // most specific wins
    "gpt-4o-mini, gpt-4o-mini",
    "gpt-4o-mini-2024-07-18, gpt-4o-mini",
    "gpt-4o-2024-05-13, gpt-4o-2024-05-13",
    "gpt-4-1106-preview, gpt-4-turbo",
    "gpt-4-turbo-2024-04-09, gpt-4-turbo",
    "gpt-4.1-nano-2025-04-14, gpt-4.1-nano",
    "gemini-2.5-flash-lite, gemini-2.5-flash-lite",
    "gemini-2.5-flash-preview-05-20, gemini-2.5-flash-preview-04-17",
    "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
    "claude-opus-4-1-20250805, claude-opus-4-1",
    "claude-haiku-4-5-20251001, claude-haiku-4-5",
    "o3-mini, o3-mini",
    "o4-mini-2025-04-16, o4-mini",
    "gpt-5-mini-2025-08-07, gpt-5-mini",
    "gpt-5-chat-latest, gpt-5",
    "GPT-4o, gpt-4o",
    "gpt-35-turbo, gpt-3.5-turbo",
    "command-r7b-12-2024, command-r7b"
  })
  void resolves(String model, String entryId) {
    assertThat(CATALOG.find(model)).get().extracting(CatalogEntry::id).isEqualTo(entryId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "my-model",
        "gpt-4o-realtime-preview",
        "llama3.1:70b",
        "gpt-4o-minimal",
        "claude-5",
        ""
      })
  void doesNotGuess(String model) {
    assertThat(CATALOG.find(model)).isEmpty();
  }

  @Test
  void everyEntryMatchesItsOwnId() {
    for (CatalogEntry e : CATALOG.entries()) {
      assertThat(CATALOG.find(e.id())).as(e.id()).get().isEqualTo(e);
    }
  }

  @Test
  void resolutionIsCachedAndTheCacheIsBounded() {
    ModelMatcher<String> matcher =
        new ModelMatcher<>(
            List.of(new ModelMatcher.Candidate<>("a", Pattern.compile("a.*"), 1, "A")), 2);
    assertThat(matcher.match("a1")).get().extracting(ModelMatcher.Candidate::value).isEqualTo("A");
    assertThat(matcher.match("a1")).isSameAs(matcher.match("a1"));
    matcher.match("a2");
    matcher.match("zzz");
    assertThat(matcher.cachedNames()).isLessThanOrEqualTo(2);
    assertThat(matcher.match("zzz")).isEmpty();
  }
}
