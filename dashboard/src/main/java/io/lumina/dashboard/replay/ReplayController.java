package io.lumina.dashboard.replay;

import io.lumina.api.replay.CaptureRequest;
import io.lumina.api.replay.ProviderList;
import io.lumina.api.replay.ReplaySetView;
import io.lumina.api.replay.RunRequest;
import io.lumina.dashboard.clients.BackendException;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.clients.ReplayClient;
import io.lumina.dashboard.view.BadInputException;
import io.lumina.dashboard.view.Section;
import jakarta.servlet.http.HttpServletResponse;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

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
    Integer sampleSize =
        form.sampleSize() == null || form.sampleSize().isBlank()
            ? null
            : integer(form.sampleSize(), "sample size");
    CaptureRequest body =
        new CaptureRequest(
            value(form.name()),
            new CaptureRequest.Filters(
                value(form.service()),
                value(form.model()),
                null,
                value(form.timeRange()),
                null,
                null,
                sampleSize,
                value(form.status())),
            null);
    try {
      ReplaySetView set = replay.createSet(body);
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
    Section<ProviderList> providers = Section.load(replay::providers);
    model.addAttribute(
        "providers",
        providers.ok() ? ProviderOption.of(providers.value()) : ProviderOption.BUILT_IN);
    model.addAttribute("active", "replay");
    return "replay/set";
  }

  @PostMapping("/replay/sets/{setId}/runs")
  String startRun(
      @PathVariable String setId, @ModelAttribute RunForm form, RedirectAttributes redirect) {
    Double temperature = null;
    if (form.temperature() != null && !form.temperature().isBlank()) {
      try {
        temperature = Double.valueOf(form.temperature().strip());
      } catch (NumberFormatException e) {
        throw new BadInputException("Temperature must be a number: " + form.temperature());
      }
    }
    Long maxTokens =
        form.maxTokens() == null || form.maxTokens().isBlank()
            ? null
            : (long) integer(form.maxTokens(), "max tokens");
    RunRequest body =
        new RunRequest(
            value(form.provider()),
            value(form.model()),
            value(form.systemPrompt()),
            value(form.promptTemplate()),
            temperature,
            maxTokens,
            null);
    try {
      return "redirect:/replay/runs/" + id(replay.startRun(id(setId), body).id());
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
    RunPage run = RunPage.of(replay.run(id(runId)));
    model.addAttribute("run", run);
    if (run.finished()) {
      model.addAttribute("diff", Section.load(() -> RunPage.items(replay.diff(runId))));
    }
    model.addAttribute("active", "replay");
    return "replay/run";
  }

  /** Polled while the run is going; when it ends, htmx reloads the page to show the diff. */
  @GetMapping("/replay/runs/{runId}/progress")
  String progress(@PathVariable String runId, Model model, HttpServletResponse response) {
    RunPage run = RunPage.of(replay.run(id(runId)));
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

  /** A form field as the engine takes it: stripped, or left out (null) when blank. */
  private static String value(String field) {
    return field == null || field.isBlank() ? null : field.strip();
  }
}
