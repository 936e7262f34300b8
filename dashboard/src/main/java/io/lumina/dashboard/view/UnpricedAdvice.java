package io.lumina.dashboard.view;

import io.lumina.api.analytics.Bucket;
import io.lumina.model.UnpricedReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard says about LLM calls without a cost, by the reason the API gives: what is
 * missing and what to do. A call without token counts needs a different fix from a model without a
 * price; saying "add a price" for both sends the user the wrong way (docs/pricing.md).
 */
public final class UnpricedAdvice {
  private UnpricedAdvice() {}

  /**
   * One reason of a group of unpriced calls.
   *
   * @param reason the API's wire name ({@code no_tokens}...)
   * @param label what is missing, in a few words
   * @param advice what to do about it
   * @param count how many calls
   */
  public record Line(String reason, String label, String advice, long count) {}

  /** A group of analytics (a model, a service...) with its unpriced calls by reason. */
  public record Group(Bucket bucket, List<Line> reasons) {
    public static Group of(Bucket bucket) {
      return new Group(bucket, lines(bucket.unpricedReasons()));
    }
  }

  /** The groups with unpriced calls, in their order. */
  public static List<Group> unpriced(List<Bucket> groups) {
    return groups.stream().filter(g -> g.unpricedCount() > 0).map(Group::of).toList();
  }

  /**
   * The reasons of {@code reasons} (wire name to count, as the API sends them), known ones only.
   */
  public static List<Line> lines(Map<String, Long> reasons) {
    List<Line> lines = new ArrayList<>();
    for (UnpricedReason r : UnpricedReason.values()) {
      Long n = reasons == null ? null : reasons.get(r.wireName());
      if (n != null && n > 0) {
        lines.add(new Line(r.wireName(), label(r), advice(r), n));
      }
    }
    return lines;
  }

  /**
   * The sentence for one unpriced span: why it has no cost, that the cost is unknown rather than
   * $0, and what to do. {@code reason} may be null (a span stored before reasons were kept).
   */
  public static String sentence(String reason, String model) {
    String named = model == null ? "(none)" : model;
    UnpricedReason r = parse(reason);
    if (r == null) {
      return "Unpriced: its cost is unknown, not $0.";
    }
    return switch (r) {
      case NO_TOKENS ->
          "Unpriced: the span reports no token counts for model "
              + named
              + ", so there is nothing to price. Its cost is unknown, not $0. "
              + advice(r);
      case ONLY_TOTAL_TOKENS ->
          "Unpriced: the span reports only a total token count for model "
              + named
              + ". Its cost is unknown, not $0. "
              + advice(r);
      case NO_MODEL ->
          "Unpriced: the span reports tokens but no model. Its cost is unknown, not $0. "
              + advice(r);
      case UNKNOWN_MODEL ->
          "Unpriced: no price is known for model "
              + named
              + ". Its cost is unknown, not $0 — "
              + advice(r);
    };
  }

  /** What is missing, in a few words. */
  public static String label(UnpricedReason reason) {
    return switch (reason) {
      case NO_TOKENS -> "no token counts";
      case ONLY_TOTAL_TOKENS -> "only a total token count";
      case NO_MODEL -> "no model name";
      case UNKNOWN_MODEL -> "no price for the model";
    };
  }

  /**
   * What to do. The instrumentation advice is the API's own; a missing price is added on this
   * dashboard's Models &amp; pricing page rather than through the API.
   */
  public static String advice(UnpricedReason reason) {
    return reason == UnpricedReason.UNKNOWN_MODEL
        ? "add a price under Models & pricing; calls already stored keep no cost until they are"
            + " re-priced (POST /api/pricing/reprice)."
        : reason.advice();
  }

  private static UnpricedReason parse(String reason) {
    if (reason == null) {
      return null;
    }
    for (UnpricedReason r : UnpricedReason.values()) {
      if (r.wireName().equals(reason)) {
        return r;
      }
    }
    return null;
  }
}
