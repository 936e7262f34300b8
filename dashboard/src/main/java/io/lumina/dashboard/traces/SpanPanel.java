package io.lumina.dashboard.traces;

import io.lumina.api.traces.SpanView;
import io.lumina.dashboard.view.JsonText;
import io.lumina.dashboard.view.JsonText.Attr;
import io.lumina.dashboard.view.UnpricedAdvice;
import io.lumina.model.UsageRole;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the detail panel shows for one span: attributes, messages, events, how it was priced and,
 * for a span that repeats its children's usage, that totals do not count it.
 */
public record SpanPanel(
    SpanView span,
    List<Attr> attributes,
    List<Attr> resourceAttributes,
    List<ChatMessages.Message> messages,
    List<Event> events,
    String pricing,
    String counting) {
  private static final String AGGREGATE = UsageRole.AGGREGATE.wireName();

  public record Event(String name, String time, List<Attr> attributes) {}

  static SpanPanel of(SpanView s) {
    return new SpanPanel(
        s,
        JsonText.attributes(JsonText.parse(s.attributes())),
        JsonText.attributes(JsonText.parse(s.resourceAttributes())),
        ChatMessages.of(JsonText.parse(s.inputMessages()), s.prompt()),
        events(JsonText.parse(s.events())),
        pricing(s),
        counting(s));
  }

  /** True for an LLM call that totals count: an aggregate repeats the calls below it. */
  static boolean countedCall(SpanView s) {
    return s.llm() && !AGGREGATE.equals(s.usageRole());
  }

  /**
   * Null when totals count the span as it is; for an aggregate, why its usage is in no total
   * (docs/conventions.md, "Counting each call once").
   */
  static String counting(SpanView s) {
    return AGGREGATE.equals(s.usageRole())
        ? "Not counted: repeats its children's usage. Its tokens and cost are shown as the span"
            + " reported them; trace, cost and model totals count the calls below it instead."
        : null;
  }

  private static List<Event> events(JsonNode events) {
    List<Event> out = new ArrayList<>();
    for (JsonNode e : JsonText.array(events)) {
      out.add(
          new Event(
              JsonText.field(e, "name"),
              JsonText.field(e, "time", "timeUnixNano", "timestamp"),
              JsonText.attributes(e.get("attributes"))));
    }
    return out;
  }

  /**
   * A sentence on where the cost came from (docs/pricing.md has the precedence), so a number is
   * never a mystery.
   */
  static String pricing(SpanView s) {
    String source = s.pricingSource() == null ? "NONE" : s.pricingSource();
    String version = s.catalogVersion() == null ? "" : " (catalog " + s.catalogVersion() + ")";
    return switch (source) {
      case "SPAN" -> "Cost sent on the span itself (cost_usd); not recomputed.";
      case "SPAN_PRICES" ->
          "Priced with per-token prices sent on the span (cost_per_prompt_token…)" + version + ".";
      case "PROJECT_OVERRIDE" ->
          "Priced with this project's price override for the model" + version + ".";
      case "CATALOG" -> "Priced from the bundled pricing catalog" + version + ".";
      case "UNPRICED" -> UnpricedAdvice.sentence(s.unpricedReason(), s.model());
      case "NONE" -> s.llm() ? "Not priced." : "Not an LLM call: nothing to price.";
      default -> "Pricing source: " + source + version + ".";
    };
  }
}
