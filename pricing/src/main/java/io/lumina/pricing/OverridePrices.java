package io.lumina.pricing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Project price overrides held in memory: the rows of {@code pricing_overrides}, matched like the
 * catalog. {@code model_pattern} is a regular expression matched, case-insensitively and in full,
 * against the canonical model name ({@link ModelNames}), followed by the catalog's version suffix;
 * a plain model id such as {@code gpt-4o} is therefore a valid pattern that also covers {@code
 * gpt-4o-2024-08-06}. The longest pattern wins when several match. Patterns are RE2 syntax, matched
 * in time linear in the name ({@link ModelMatcher}); Java-only constructs such as backreferences
 * and lookaround are refused by {@link #compile}. Immutable: the JDBC implementation builds a new
 * instance when the table changes and swaps it in.
 */
public final class OverridePrices implements ProjectPrices {

  /** One row of {@code pricing_overrides}. */
  public record Override(String projectId, String modelPattern, ModelPrice price) {
    public Override {
      Objects.requireNonNull(projectId, "projectId");
      Objects.requireNonNull(modelPattern, "modelPattern");
      Objects.requireNonNull(price, "price");
    }
  }

  private final Map<String, ModelMatcher<ModelPrice>> byProject;

  public OverridePrices(List<Override> overrides) {
    Map<String, List<ModelMatcher.Candidate<ModelPrice>>> grouped = new HashMap<>();
    for (Override o : overrides) {
      grouped
          .computeIfAbsent(o.projectId(), p -> new ArrayList<>())
          .add(
              new ModelMatcher.Candidate<>(
                  o.modelPattern(),
                  compile(o.modelPattern()),
                  o.modelPattern().length(),
                  o.price()));
    }
    Map<String, ModelMatcher<ModelPrice>> matchers = new HashMap<>();
    grouped.forEach(
        (project, candidates) -> matchers.put(project, new ModelMatcher<>(candidates, 1024)));
    this.byProject = Map.copyOf(matchers);
  }

  /** Validates a pattern as the API should before storing it; throws IllegalArgumentException. */
  public static Pattern compile(String modelPattern) {
    try {
      return Pattern.compile(
          "(?:" + modelPattern + ")" + PriceCatalog.VERSION_SUFFIX, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "not a valid model pattern (RE2 syntax, no backreferences or lookaround): "
              + e.getMessage(),
          e);
    }
  }

  @java.lang.Override
  public Optional<ModelPrice> find(String projectId, String model) {
    ModelMatcher<ModelPrice> matcher = byProject.get(projectId);
    return matcher == null
        ? Optional.empty()
        : matcher.match(model).map(ModelMatcher.Candidate::value);
  }
}
