package io.lumina.dashboard.alerts;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertRuleRequest;
import io.lumina.api.alerts.ChannelRequest;
import io.lumina.api.alerts.ChannelType;
import io.lumina.api.alerts.ConfigureRequest;
import io.lumina.dashboard.clients.BackendException;
import io.lumina.dashboard.clients.QueryApiClient;
import io.lumina.dashboard.view.BadInputException;
import io.lumina.dashboard.view.Section;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Alerts: the list with acknowledge and resolve, one alert with its deliveries, the rules editor
 * (rules, and the per-service "configure" shortcut) and the notification channels. Every change is
 * a POST form (CSRF token included when login is on); the query API validates, and its refusal
 * (400, 404, 409) is shown next to the form instead of an error page.
 */
@Controller
class AlertsController {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<String> STATUSES = Set.of("open", "firing", "acknowledged", "resolved");

  private final QueryApiClient api;

  AlertsController(QueryApiClient api) {
    this.api = api;
  }

  record RuleForm(
      String service,
      String endpoint,
      String kind,
      String threshold,
      String window,
      String minSamples) {}

  record ConfigureForm(
      String service, String costThreshold, String qualityThreshold, String window) {}

  record ChannelForm(String name, String type, String url, String secret, String services) {}

  @GetMapping("/alerts")
  String alerts(@RequestParam(required = false) String status, Model model) {
    String s = status == null || status.isBlank() ? null : status.strip();
    if (s != null && !STATUSES.contains(s)) {
      throw new BadInputException("status must be one of open, firing, acknowledged, resolved.");
    }
    model.addAttribute("status", s);
    model.addAttribute("statuses", List.of("open", "firing", "acknowledged", "resolved"));
    model.addAttribute(
        "alerts", Section.load(() -> api.alerts(s == null ? Map.of() : Map.of("status", s))));
    model.addAttribute("rules", Section.load(api::alertRules));
    model.addAttribute("channels", Section.load(api::webhooks));
    model.addAttribute("services", Section.load(api::services));
    model.addAttribute("kinds", Arrays.stream(AlertKind.values()).map(AlertKind::wire).toList());
    model.addAttribute("channelTypes", List.of(ChannelType.values()));
    model.addAttribute("active", "alerts");
    return "alerts";
  }

  @GetMapping("/alerts/{id}")
  String alert(@PathVariable String id, Model model) {
    model.addAttribute(
        "answer",
        api.alert(id(id)).orElseThrow(() -> new BadInputException("No alert " + id + ".")));
    model.addAttribute("active", "alerts");
    return "alert";
  }

  @PostMapping("/alerts/{id}/{action}")
  String act(@PathVariable String id, @PathVariable String action, RedirectAttributes redirect) {
    if (!(action.equals("acknowledge") || action.equals("resolve"))) {
      throw new BadInputException("Unknown alert action.");
    }
    try {
      api.alertAction(id(id), action);
      redirect.addFlashAttribute(
          "notice", "Alert " + id + (action.equals("resolve") ? " resolved." : " acknowledged."));
    } catch (BackendException e) {
      refusedOrThrow(e, redirect);
    }
    return "redirect:/alerts";
  }

  @PostMapping("/alerts/rules")
  String createRule(@ModelAttribute RuleForm form, RedirectAttributes redirect) {
    try {
      if (AlertKind.fromWire(form.kind()).isEmpty()) {
        throw new IllegalArgumentException(
            "Choose a rule kind: " + orList(AlertKind.wireNames()) + ".");
      }
      AlertRuleRequest body =
          new AlertRuleRequest(
              text(form.service()),
              text(form.endpoint()),
              form.kind(),
              number(form.threshold(), "threshold"),
              text(form.window()),
              form.minSamples() == null || form.minSamples().isBlank()
                  ? null
                  : whole(form.minSamples(), "minimum samples"),
              null);
      api.createAlertRule(body);
      redirect.addFlashAttribute(
          "notice", "Rule " + form.kind() + " for " + form.service().strip() + " created.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("ruleError", e.getMessage());
      redirect.addFlashAttribute("ruleForm", form);
    } catch (BackendException e) {
      if (!refused(e)) {
        throw e;
      }
      redirect.addFlashAttribute("ruleError", e.getMessage());
      redirect.addFlashAttribute("ruleForm", form);
    }
    return "redirect:/alerts#rules";
  }

  @PostMapping("/alerts/rules/{ruleId}/delete")
  String deleteRule(@PathVariable String ruleId, RedirectAttributes redirect) {
    try {
      api.deleteAlertRule(id(ruleId));
      redirect.addFlashAttribute(
          "notice", "Rule " + ruleId + " deleted; its open alert, if any, is resolved.");
    } catch (BackendException e) {
      refusedOrThrow(e, redirect);
    }
    return "redirect:/alerts#rules";
  }

  /** A service's cost_spike and quality_drop rules in one form ({@code /api/alerts/configure}). */
  @PostMapping("/alerts/configure")
  String configure(@ModelAttribute ConfigureForm form, RedirectAttributes redirect) {
    try {
      ConfigureRequest body =
          new ConfigureRequest(
              text(form.service()),
              form.costThreshold() == null || form.costThreshold().isBlank()
                  ? null
                  : number(form.costThreshold(), "cost threshold"),
              form.qualityThreshold() == null || form.qualityThreshold().isBlank()
                  ? null
                  : number(form.qualityThreshold(), "quality threshold"),
              text(form.window()),
              null);
      api.configureAlerts(body);
      redirect.addFlashAttribute("notice", "Alerts for " + form.service().strip() + " configured.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("ruleError", e.getMessage());
    } catch (BackendException e) {
      if (!refused(e)) {
        throw e;
      }
      redirect.addFlashAttribute("ruleError", e.getMessage());
    }
    return "redirect:/alerts#rules";
  }

  @PostMapping("/alerts/channels")
  String createChannel(@ModelAttribute ChannelForm form, RedirectAttributes redirect) {
    try {
      String type = form.type() == null || form.type().isBlank() ? "webhook" : form.type().strip();
      if (ChannelType.fromWire(type).isEmpty()) {
        throw new IllegalArgumentException(
            "Choose a channel type: " + orList(ChannelType.wireNames()) + ".");
      }
      // A blank secret means none: the API stores "" as "no secret" anyway, and never shows it
      // back.
      ChannelRequest body =
          new ChannelRequest(
              text(form.name()),
              type,
              text(form.url()),
              text(form.secret()),
              form.services() == null
                  ? List.of()
                  : Arrays.stream(form.services().split(","))
                      .map(String::strip)
                      .filter(s -> !s.isEmpty())
                      .toList(),
              null);
      api.createWebhook(body);
      redirect.addFlashAttribute("notice", "Channel " + form.name().strip() + " added.");
    } catch (IllegalArgumentException e) {
      redirect.addFlashAttribute("channelError", e.getMessage());
      redirect.addFlashAttribute(
          "channelForm",
          new ChannelForm(form.name(), form.type(), form.url(), null, form.services()));
    } catch (BackendException e) {
      if (!refused(e)) {
        throw e;
      }
      redirect.addFlashAttribute("channelError", e.getMessage());
      // Never echo the secret back into the page.
      redirect.addFlashAttribute(
          "channelForm",
          new ChannelForm(form.name(), form.type(), form.url(), null, form.services()));
    }
    return "redirect:/alerts#channels";
  }

  @PostMapping("/alerts/channels/{channelId}/delete")
  String deleteChannel(@PathVariable String channelId, RedirectAttributes redirect) {
    try {
      api.deleteWebhook(id(channelId));
      redirect.addFlashAttribute("notice", "Channel " + channelId + " removed.");
    } catch (BackendException e) {
      refusedOrThrow(e, redirect);
    }
    return "redirect:/alerts#channels";
  }

  /**
   * Bad input, an unknown id or a conflict (acknowledging a resolved alert) is the user's to fix.
   */
  private static boolean refused(BackendException e) {
    return e.rejected() || e.notFound() || e.status() == 409;
  }

  private static void refusedOrThrow(BackendException e, RedirectAttributes redirect) {
    if (!refused(e)) {
      throw e;
    }
    redirect.addFlashAttribute("formError", e.getMessage());
  }

  private static String id(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new BadInputException("Not a valid id.");
    }
    return id;
  }

  private static double number(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("The " + name + " is required.");
    }
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The " + name + " must be a number: " + value);
    }
  }

  private static int whole(String value, String name) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("The " + name + " must be a whole number: " + value);
    }
  }

  /** "a, b, c" as "a, b or c". */
  private static String orList(String names) {
    int last = names.lastIndexOf(", ");
    return last < 0 ? names : names.substring(0, last) + " or " + names.substring(last + 2);
  }

  /** The form's text, stripped; null when blank, so the API sees the field as not given. */
  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
