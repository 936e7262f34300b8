package io.lumina.replay.runs;

import io.lumina.similarity.SimilarityScorer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The similarity scorers a run can choose by name; {@code text} is the default. */
public final class Scorers {
  public static final String DEFAULT = "text";

  private final Map<String, SimilarityScorer> byName = new TreeMap<>();

  public Scorers(List<SimilarityScorer> scorers) {
    for (SimilarityScorer s : scorers) {
      byName.put(s.name(), s);
    }
  }

  Optional<SimilarityScorer> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  Collection<String> names() {
    return byName.keySet();
  }
}
