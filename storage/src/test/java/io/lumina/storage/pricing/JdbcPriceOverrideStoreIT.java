package io.lumina.storage.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.pricing.PriceOverride;
import io.lumina.storage.TestStorage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class JdbcPriceOverrideStoreIT {
  final JdbcPriceOverrideStore store = new JdbcPriceOverrideStore(TestStorage.dataSource());

  static PriceOverride price(String pattern, String input, String output) {
    return new PriceOverride(
        pattern, new BigDecimal(input), new BigDecimal(output), null, null, null, null);
  }

  @Test
  void putListsReplacesAndDeletesOneProjectsOverrides() {
    String project = TestStorage.project();
    String other = TestStorage.project();
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    store.put(project, price("gpt-4o", "2.50", "10.000"));
    store.put(project, price("claude-.*", "3", "15"));
    store.put(other, price("gpt-4o", "1", "1"));

    assertThat(store.list(project))
        .extracting(PriceOverride::modelPattern)
        .containsExactly("claude-.*", "gpt-4o");
    PriceOverride gpt = store.list(project).get(1);
    assertThat(gpt.input()).isEqualTo(new BigDecimal("2.5")); // trailing zeros stripped
    assertThat(gpt.output()).isEqualTo(new BigDecimal("1E+1"));
    assertThat(gpt.cacheRead()).isNull();
    assertThat(gpt.updatedAt()).isAfterOrEqualTo(before.minusSeconds(1));

    store.put(project, price("gpt-4o", "5", "20"));
    assertThat(store.list(project)).hasSize(2);
    assertThat(store.list(project).get(1).input()).isEqualByComparingTo("5");
    assertThat(store.list(other).getFirst().input()).isEqualByComparingTo("1");

    assertThat(store.delete(project, "gpt-4o")).isTrue();
    assertThat(store.delete(project, "gpt-4o")).isFalse();
    assertThat(store.list(project))
        .extracting(PriceOverride::modelPattern)
        .containsExactly("claude-.*");
  }

  @Test
  void pricesMatchModelNamesPerProjectAndSkipPatternsThatNoLongerCompile() {
    String project = TestStorage.project();
    String other = TestStorage.project();
    store.put(project, price("gpt-4o", "1000", "0"));
    store.put(other, price("gpt-4o", "1", "0"));
    store.put(project, price("broken-(", "1", "1")); // stored before validation, say

    assertThat(store.prices(project).find(project, "gpt-4o-2024-08-06")).isPresent();
    assertThat(store.prices(project).find(other, "gpt-4o")).isEmpty();
    assertThat(store.allProjects().find(project, "gpt-4o").orElseThrow().base().input())
        .isEqualByComparingTo("1000");
    assertThat(store.allProjects().find(other, "gpt-4o").orElseThrow().base().input())
        .isEqualByComparingTo("1");
  }
}
