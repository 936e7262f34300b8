package io.lumina.dashboard.traces;

import io.lumina.api.traces.SpanView;
import io.lumina.dashboard.view.JsonText;
import io.lumina.dashboard.view.JsonText.Attr;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What the detail panel shows for one span: attributes, messages, events and how it was priced. */
public record SpanPanel(
    SpanView span,
    List<Attr> attributes,
    List<Attr> resourceAttributes,
    List<ChatMessages.Message> messages,
    List<Event> events,
    String pricing) {

  public record Event(String name, String time, List<Attr> attributes) {}

  static SpanPanel of(SpanView s) {
    return new SpanPanel(
        s,
        JsonText.attributes(JsonText.parse(s.attributes())),
        JsonText.attributes(JsonText.parse(s.resourceAttributes())),
        ChatMessages.of(JsonText.parse(s.inputMessages()), s.prompt()),
        events(JsonText.parse(s.events())),
        pricing(s));
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
      case "UNPRICED" ->
          "Unpriced: no price is known for model "
              + (s.model() == null ? "(none)" : s.model())
              + ". Its cost is unknown, not $0 — add a price under Models & pricing.";
      case "NONE" -> s.llm() ? "Not priced." : "Not an LLM call: nothing to price.";
      default -> "Pricing source: " + source + version + ".";
    };
  }
}
