package io.lumina.security;

/**
 * What an endpoint requires of the caller's key.
 *
 * @param role the role needed ({@link ApiKeyRole#permits}); null when any valid key will do
 * @param platformOnly only keys of the default project qualify: for endpoints that are about the
 *     platform rather than one project (metrics of every project, the list of all projects)
 */
public record Requirement(ApiKeyRole role, boolean platformOnly) {
  public static final Requirement INGEST = new Requirement(ApiKeyRole.INGEST, false);
  public static final Requirement READ = new Requirement(ApiKeyRole.READ, false);
  public static final Requirement ADMIN = new Requirement(ApiKeyRole.ADMIN, false);

  /** Actuator endpoints other than health: metrics span every project. */
  public static final Requirement PLATFORM_READ = new Requirement(ApiKeyRole.READ, true);

  /** Any valid key, whatever its role (e.g. "who am I?"). */
  public static final Requirement ANY_KEY = new Requirement(null, false);
}
