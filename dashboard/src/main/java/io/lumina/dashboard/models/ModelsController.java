package io.lumina.dashboard.models;

import io.lumina.api.analytics.CostReport;
import io.lumina.api.pricing.CatalogModel;
import io.lumina.api.pricing.OverrideRequest;
import io.lumina.api.pricing.PriceOverride;
import io.lumina.api.pricing.Pricing;
import io.lumina.dashboard.clients.BackendException;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.view.Section;
import io.lumina.dashboard.view.TimeRange;
import io.lumina.dashboard.view.UnpricedAdvice;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Models and pricing: models in use, the bundled catalog and the project's editable overrides. */
@Controller
class ModelsController {
  private final QueryApiClient api;
  private final Clock clock;

  ModelsController(QueryApiClient api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  /**
   * The override form as posted: strings, so a typo comes back with its message instead of a 400
   * page.
   */
  record OverrideForm(
      String modelPattern,
      String input,
      String output,
      String cacheRead,
      String cacheWrite,
      String reasoning) {
    static OverrideForm empty() {
      return new OverrideForm("", "", "", "", "", "");
    }
  }

  @GetMapping("/models")
  String models(@RequestParam(required = false) String q, Model model) {
    Section<Pricing> pricing = Section.load(api::pricing);
    String from = Long.toString(TimeRange.D7.from(clock).getEpochSecond());
    Section<CostReport> used =
        Section.load(() -> api.cost(Map.of("from", from, "groupBy", "model", "limit", "100")));
    model.addAttribute("pricing", pricing);
    model.addAttribute("used", used);
    model.addAttribute(
        "usedRows",
        used.ok()
            ? used.value().groups().stream()
                .filter(g -> g.llmSpanCount() > 0)
                .map(UnpricedAdvice.Group::of)
                .toList()
            : List.of());
    model.addAttribute("q", q == null ? "" : q);
    if (pricing.ok()) {
      String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
      List<CatalogModel> catalog =
          pricing.value().catalog().stream()
              .filter(
                  m ->
                      needle.isEmpty()
                          || (m.id() + " " + m.provider())
                              .toLowerCase(Locale.ROOT)
                              .contains(needle))
              .toList();
      model.addAttribute("catalog", catalog);
      model.addAttribute(
          "overridden",
          pricing.value().overrides().stream()
              .map(PriceOverride::modelPattern)
              .collect(Collectors.toSet()));
    } else {
      model.addAttribute("catalog", List.of());
      model.addAttribute("overridden", Set.of());
    }
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", OverrideForm.empty());
    }
    model.addAttribute("active", "models");
    return "models";
  }

  @PostMapping("/models/pricing")
  String save(@ModelAttribute OverrideForm form, RedirectAttributes redirect) {
    try {
      api.putPricing(
          new OverrideRequest(
              form.modelPattern() == null ? null : form.modelPattern().strip(),
              price(form.input(), "input"),
              price(form.output(), "output"),
              price(form.cacheRead(), "cache read"),
              price(form.cacheWrite(), "cache write"),
              price(form.reasoning(), "reasoning")));
      redirect.addFlashAttribute(
          "notice",
          "Price for "
              + form.modelPattern()
              + " saved. New spans use it;"
              + " stored spans keep their cost until they are re-priced.");
    } catch (IllegalArgumentException | BackendException e) {
      if (e instanceof BackendException b && !b.rejected()) {
        throw b;
      }
      redirect.addFlashAttribute("formError", e.getMessage());
      redirect.addFlashAttribute("form", form);
    }
    return "redirect:/models#override-form";
  }

  @PostMapping("/models/pricing/delete")
  String delete(@RequestParam String modelPattern, RedirectAttributes redirect) {
    api.deletePricing(modelPattern);
    redirect.addFlashAttribute("notice", "Override for " + modelPattern + " removed.");
    return "redirect:/models";
  }

  private static BigDecimal price(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "The " + name + " price must be a number (USD per 1M tokens): " + value);
    }
  }
}
