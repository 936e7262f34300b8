package io.lumina.replay.web;

import io.lumina.model.Projects;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * The caller's project: what the authentication filter put in {@link Projects#REQUEST_ATTRIBUTE},
 * or {@link Projects#DEFAULT_PROJECT} while authentication is off. Every controller asks here and
 * passes the result to every repository call, so no query runs unscoped.
 */
@Component
public final class ProjectResolver {
  public String projectOf(HttpServletRequest request) {
    Object project = request.getAttribute(Projects.REQUEST_ATTRIBUTE);
    return project instanceof String id && !id.isBlank() ? id : Projects.DEFAULT_PROJECT;
  }
}
