package io.lumina.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PriceCatalogValidationTest {

  private static String catalog(String model) {
    return """
        {"version": "test", "currency": "USD", "unit": "per 1M tokens",
         "sources": {"openai": ["https://openai.com/api/pricing/"]},
         "models": [%s]}"""
        .formatted(model);
  }

  @Test
  void bundledCatalogLoadsWithVersionAndSources() {
    PriceCatalog c = PriceCatalog.bundled();
    assertThat(c.version()).isEqualTo("2026-11-01");
    assertThat(c.sources())
        .containsKeys("openai", "anthropic", "google", "mistral", "cohere", "deepseek", "meta");
    assertThat(c.entries()).hasSizeGreaterThan(60);
    assertThat(c.entries()).allSatisfy(e -> assertThat(c.sources()).containsKey(e.provider()));
  }

  @Test
  void acceptsAValidEntry() {
    PriceCatalog c =
        PriceCatalog.parse(
            catalog(
                "{\"id\": \"gpt-x\", \"provider\": \"openai\", \"input\": 1.5, \"output\": 6, \"cacheRead\": 0.15}"));
    assertThat(c.find("gpt-x-2030-01-01")).isPresent();
  }

  @Test
  void rejectsNegativePrice() {
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    catalog(
                        "{\"id\": \"gpt-x\", \"provider\": \"openai\", \"input\": -1, \"output\": 6}")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("gpt-x")
        .hasMessageContaining("negative");
  }

  @Test
  void rejectsPriceAboveTheCeiling() {
    // someone pasted a per-1K price times 1000 twice
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    catalog(
                        "{\"id\": \"gpt-x\", \"provider\": \"openai\", \"input\": 2500, \"output\": 10000}")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("ceiling");
  }

  @Test
  void rejectsCacheReadAboveInput() {
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    catalog(
                        "{\"id\": \"gpt-x\", \"provider\": \"openai\", \"input\": 1, \"output\": 2, \"cacheRead\": 3}")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("cacheRead");
  }

  @Test
  void rejectsUnknownFieldsSoTyposDoNotSilentlyDropAPrice() {
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    catalog(
                        "{\"id\": \"gpt-x\", \"provider\": \"openai\", \"input\": 1, \"output\": 2, \"cache_read\": 0.1}")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("cache_read");
  }

  @Test
  void rejectsProviderWithoutSource() {
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    catalog(
                        "{\"id\": \"x\", \"provider\": \"nobody\", \"input\": 1, \"output\": 2}")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("source");
  }

  @Test
  void rejectsBrokenOrSelfMissingPatterns() {
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    catalog(
                        "{\"id\": \"x\", \"provider\": \"openai\", \"match\": \"x(\", \"input\": 1, \"output\": 2}")))
        .isInstanceOf(InvalidCatalogException.class);
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    catalog(
                        "{\"id\": \"x\", \"provider\": \"openai\", \"match\": \"y\", \"input\": 1, \"output\": 2}")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("own id");
  }

  @Test
  void rejectsDuplicateIdsAndIncompleteTiers() {
    String e = "{\"id\": \"x\", \"provider\": \"openai\", \"input\": 1, \"output\": 2}";
    assertThatThrownBy(() -> PriceCatalog.parse(catalog(e + "," + e)))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () ->
                PriceCatalog.parse(
                    catalog(
                        "{\"id\": \"x\", \"provider\": \"openai\", \"input\": 1, \"output\": 2, \"cacheRead\": 0.1,"
                            + " \"tiers\": [{\"inputAbove\": 200000, \"input\": 2, \"output\": 4}]}")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("cacheRead");
  }

  @Test
  void rejectsWrongUnitOrMissingVersion() {
    assertThatThrownBy(
            () -> PriceCatalog.parse(catalog("").replace("per 1M tokens", "per 1K tokens")))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageContaining("unit");
    assertThatThrownBy(() -> PriceCatalog.parse("{\"currency\": \"USD\"}"))
        .isInstanceOf(InvalidCatalogException.class);
  }
}
