package io.lumina.dashboard.replay;

import io.lumina.dashboard.clients.BackendException;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.clients.ReplayClient;
import io.lumina.dashboard.clients.ReplaySet;
import io.lumina.dashboard.view.BadInputException;
import io.lumina.dashboard.view.Section;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * Replay: capture a set from filters, start a run with a model and prompt override, watch its
 * progress, read the side-by-side diff. State changes are POST forms (ready for CSRF tokens).
 */
@Controller
class ReplayController {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final ReplayClient replay;
  private final QueryApiClient api;

  ReplayController(ReplayClient replay, QueryApiClient api) {
    this.replay = replay;
    this.api = api;
  }

  record SetForm(
      String name,
      String service,
      String model,
      String status,
      String timeRange,
      String sampleSize) {}

  record RunForm(
      String provider,
      String model,
      String systemPrompt,
      String promptTemplate,
      String temperature,
      String maxTokens) {}

  @GetMapping("/replay")
  String sets(Model model) {
    model.addAttribute("sets", Section.load(replay::sets));
    model.addAttribute("services", Section.load(api::services));
    model.addAttribute("active", "replay");
    return "replay/sets";
  }

  @PostMapping("/replay/sets")
  String createSet(@ModelAttribute SetForm form, RedirectAttributes redirect) {
    Map<String, Object> filters = new LinkedHashMap<>();
    put(filters, "service", form.service());
    put(filters, "model", form.model());
    put(filters, "status", form.status());
    put(filters, "timeRange", form.timeRange());
    if (form.sampleSize() != null && !form.sampleSize().isBlank()) {
      filters.put("sampleSize", integer(form.sampleSize(), "sample size"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    put(body, "name", form.name());
    body.put("filters", filters);
    try {
      ReplaySet set = replay.createSet(body);
      return "redirect:/replay/sets/" + id(set.id());
    } catch (BackendException e) {
      if (!e.rejected()) {
        throw e;
      }
      redirect.addFlashAttribute("formError", e.getMessage());
      return "redirect:/replay";
    }
  }

  @GetMapping("/replay/sets/{setId}")
  String set(@PathVariable String setId, Model model) {
    model.addAttribute("set", replay.set(id(setId)));
    // The run form offers the engine's configured providers; without that list, the two built-in
    // names.
    Section<JsonNode> providers = Section.load(replay::providers);
    model.addAttribute(
        "providers",
        providers.ok() ? ProviderOption.of(providers.value()) : ProviderOption.BUILT_IN);
    model.addAttribute("active", "replay");
    return "replay/set";
  }

  @PostMapping("/replay/sets/{setId}/runs")
  String startRun(
      @PathVariable String setId, @ModelAttribute RunForm form, RedirectAttributes redirect) {
    Map<String, Object> body = new LinkedHashMap<>();
    put(body, "provider", form.provider());
    put(body, "model", form.model());
    put(body, "systemPrompt", form.systemPrompt());
    put(body, "promptTemplate", form.promptTemplate());
    if (form.temperature() != null && !form.temperature().isBlank()) {
      try {
        body.put("temperature", Double.valueOf(form.temperature().strip()));
      } catch (NumberFormatException e) {
        throw new BadInputException("Temperature must be a number: " + form.temperature());
      }
    }
    if (form.maxTokens() != null && !form.maxTokens().isBlank()) {
      body.put("maxTokens", integer(form.maxTokens(), "max tokens"));
    }
    try {
      JsonNode run = replay.startRun(id(setId), body);
      return "redirect:/replay/runs/" + id(RunView.of(run).id());
    } catch (BackendException e) {
      if (!e.rejected()) {
        throw e;
      }
      redirect.addFlashAttribute("formError", e.getMessage());
      return "redirect:/replay/sets/" + setId;
    }
  }

  @GetMapping("/replay/runs/{runId}")
  String run(@PathVariable String runId, Model model) {
    RunView run = RunView.of(replay.run(id(runId)));
    model.addAttribute("run", run);
    if (run.finished()) {
      model.addAttribute("diff", Section.load(() -> RunView.items(replay.diff(runId))));
    }
    model.addAttribute("active", "replay");
    return "replay/run";
  }

  /** Polled while the run is going; when it ends, htmx reloads the page to show the diff. */
  @GetMapping("/replay/runs/{runId}/progress")
  String progress(@PathVariable String runId, Model model, HttpServletResponse response) {
    RunView run = RunView.of(replay.run(id(runId)));
    if (run.finished()) {
      response.setHeader("HX-Refresh", "true");
    }
    model.addAttribute("run", run);
    return "replay/run :: progress";
  }

  private static String id(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new BadInputException("Not a valid replay id.");
    }
    return id;
  }

  private static int integer(String value, String name) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new BadInputException("The " + name + " must be a whole number: " + value);
    }
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value.strip());
    }
  }
}
