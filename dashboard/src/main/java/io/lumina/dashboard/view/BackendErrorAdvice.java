package io.lumina.dashboard.view;

import io.lumina.dashboard.clients.BackendException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A backend failure the page did not handle itself becomes an error panel inside the layout (or,
 * for an htmx request, the panel alone with 200 so htmx swaps it in), never a white page.
 */
@ControllerAdvice
class BackendErrorAdvice {

  @ExceptionHandler(BackendException.class)
  ModelAndView backendDown(
      BackendException e, HttpServletRequest request, HttpServletResponse response) {
    boolean htmx = "true".equals(request.getHeader("HX-Request"));
    ModelAndView mav = new ModelAndView(htmx ? "fragments :: backendError" : "backend-error");
    mav.addObject("error", e);
    if (!htmx) {
      response.setStatus(e.unreachable() ? 503 : 502);
    }
    return mav;
  }

  @ExceptionHandler(BadInputException.class)
  ModelAndView badInput(BadInputException e, HttpServletResponse response) {
    response.setStatus(400);
    ModelAndView mav = new ModelAndView("error");
    mav.addObject("status", 400);
    mav.addObject("error", "Bad request");
    mav.addObject("message", e.getMessage());
    return mav;
  }
}
