package io.lumina.model;

/** Project constants shared by every service. */
public final class Projects {
  /** The project every row belongs to while authentication is off. */
  public static final String DEFAULT_PROJECT = "default";

  private Projects() {}
}
