package io.lumina.dashboard.view;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the template helpers in every page's model ({@code ${fmt.usd(x)}}), rather than reaching for
 * beans with {@code @name} from the templates: explicit, and independent of how the template engine
 * resolves beans when several Lumina contexts share one JVM (the all-in-one platform, the tests).
 */
@ControllerAdvice
class ViewHelpers {
  private final Formats fmt;
  private final FirstTrace firstTrace;
  private final DashboardJson dashboardJson;

  ViewHelpers(Formats fmt, FirstTrace firstTrace, DashboardJson dashboardJson) {
    this.fmt = fmt;
    this.firstTrace = firstTrace;
    this.dashboardJson = dashboardJson;
  }

  @ModelAttribute
  void helpers(Model model) {
    model.addAttribute("fmt", fmt);
    model.addAttribute("firstTrace", firstTrace);
    model.addAttribute("dashboardJson", dashboardJson);
  }
}
