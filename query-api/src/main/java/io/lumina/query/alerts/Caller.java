package io.lumina.query.alerts;

import io.lumina.model.Projects;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The caller's project: the request attribute the authentication filter sets, or the default
 * project while authentication is off. Read here rather than through a shared resolver so this
 * feature depends on nothing but the documented attribute.
 */
final class Caller {
  private Caller() {}

  static String project(HttpServletRequest request) {
    Object project = request.getAttribute(Projects.REQUEST_ATTRIBUTE);
    return project instanceof String id && !id.isBlank() ? id : Projects.DEFAULT_PROJECT;
  }
}
