package io.lumina.replay.security;

import io.lumina.security.Requirement;
import io.lumina.service.security.AccessPolicy;
import org.springframework.stereotype.Component;

/**
 * What each request of the replay engine needs. Read keys see replay sets, runs and diffs
 * (GET/HEAD); creating sets and starting runs spends money at LLM providers and copies project
 * data, so it needs an admin key of the project. A CORS preflight needs none; the actuator's rules
 * are the shared filter's.
 */
@Component
final class ReplayAccessPolicy implements AccessPolicy {

  @Override
  public Requirement of(String method, String path, boolean corsPreflight) {
    return READ_OR_ADMIN.of(method, path, corsPreflight);
  }
}
