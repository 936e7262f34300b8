package io.lumina.model;

/** Project constants shared by every service. */
public final class Projects {
  /** The project every row belongs to while authentication is off. */
  public static final String DEFAULT_PROJECT = "default";

  /**
   * Servlet request attribute holding the caller's project id, set by the authentication filter of
   * each service. Controllers read the project from here (falling back to {@link #DEFAULT_PROJECT}
   * only while authentication is off) and pass it to every repository call.
   */
  public static final String REQUEST_ATTRIBUTE = "lumina.project";

  private Projects() {}
}
