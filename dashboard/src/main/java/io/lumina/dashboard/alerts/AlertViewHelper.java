package io.lumina.dashboard.alerts;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts {@link AlertView} in every page's model as {@code alertView}, next to the shared helpers of
 * the {@code view} package, so that package does not depend on this one.
 */
@ControllerAdvice
class AlertViewHelper {
  private final AlertView alertView;

  AlertViewHelper(AlertView alertView) {
    this.alertView = alertView;
  }

  @ModelAttribute
  void alertView(Model model) {
    model.addAttribute("alertView", alertView);
  }
}
