package io.lumina.query.web;

/**
 * The project of the caller, resolved once per request by {@link CallerProjectResolver}. A
 * controller method declares a parameter of this type and passes {@link #id()} to every repository
 * call, so no query can forget the project.
 */
public record CallerProject(String id) {
  public CallerProject {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("project id must not be blank");
    }
  }
}
