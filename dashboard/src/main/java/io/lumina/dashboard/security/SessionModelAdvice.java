package io.lumina.dashboard.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the session's CSRF token, project and user into every page model, for the templates: the
 * token goes into a {@code <meta name="lumina-csrf">} that the dashboard's script adds to every
 * htmx request (and plain form posts), the project and user into the header with a logout button.
 * All null while login is off, so pages render exactly as before and no session is created.
 */
@ControllerAdvice
class SessionModelAdvice {
  private final DashboardAccess access;

  SessionModelAdvice(DashboardAccess access) {
    this.access = access;
  }

  @ModelAttribute("csrfToken")
  String csrfToken(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return access.loginEnabled() && SessionKeys.loggedIn(session)
        ? SessionKeys.csrfToken(session)
        : null;
  }

  @ModelAttribute("currentProject")
  String currentProject(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return access.loginEnabled()
            && session != null
            && session.getAttribute(SessionKeys.PROJECT) instanceof String p
        ? p
        : null;
  }

  @ModelAttribute("currentUser")
  String currentUser(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return access.loginEnabled()
            && session != null
            && session.getAttribute(SessionKeys.USER) instanceof String u
        ? u
        : null;
  }
}
