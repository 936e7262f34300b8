package io.lumina.dashboard.alerts;

import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.view.BadInputException;
import io.lumina.dashboard.view.Section;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Alerts: the list with acknowledge and resolve (POST forms, ready for CSRF tokens). */
@Controller
class AlertsController {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final QueryApiClient api;

  AlertsController(QueryApiClient api) {
    this.api = api;
  }

  @GetMapping("/alerts")
  String alerts(@RequestParam(required = false) String status, Model model) {
    model.addAttribute("alerts", Section.load(() -> api.alerts(status == null ? Map.of() : Map.of("status", status))));
    model.addAttribute("active", "alerts");
    return "alerts";
  }

  @PostMapping("/alerts/{id}/{action}")
  String act(@PathVariable String id, @PathVariable String action, RedirectAttributes redirect) {
    if (!ID.matcher(id).matches() || !(action.equals("acknowledge") || action.equals("resolve"))) {
      throw new BadInputException("Unknown alert or action.");
    }
    api.alertAction(id, action);
    redirect.addFlashAttribute("notice", "Alert " + id + (action.equals("resolve") ? " resolved." : " acknowledged."));
    return "redirect:/alerts";
  }
}
