package io.lumina.ingestion.auth;

import io.lumina.model.Projects;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A resolver over fixed {@code project:key} pairs, for testing the interceptor without a database
 * (the service itself resolves keys through the security package's key store). Without any, auth is
 * off and everything belongs to {@link Projects#DEFAULT_PROJECT}. Keys are held only as SHA-256
 * digests, and looked up by digest, so neither a heap dump nor timing reveals them.
 */
public final class ConfiguredKeyProjectResolver implements ProjectResolver {
  private final Map<String, String> projectByKeyDigest = new HashMap<>();

  /**
   * @param entries {@code project:key} pairs
   */
  public ConfiguredKeyProjectResolver(List<String> entries) {
    for (String entry : entries) {
      if (entry == null || entry.isBlank()) {
        continue; // an empty setting binds as one empty entry
      }
      int colon = entry.indexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException("lumina.ingestion.api-keys entries must be project:key");
      }
      projectByKeyDigest.put(
          digest(entry.substring(colon + 1).trim()), entry.substring(0, colon).trim());
    }
  }

  @Override
  public boolean authenticationEnabled() {
    return !projectByKeyDigest.isEmpty();
  }

  @Override
  public Resolution resolve(String apiKey) {
    if (projectByKeyDigest.isEmpty()) {
      return new Resolved(Projects.DEFAULT_PROJECT);
    }
    if (apiKey == null || apiKey.isBlank()) {
      return new Denied(
          401, "missing API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'");
    }
    String project = projectByKeyDigest.get(digest(apiKey.trim()));
    return project == null ? new Denied(401, "unknown API key") : new Resolved(project);
  }

  private static String digest(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
