package io.lumina.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.model.Projects;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GatekeeperTest {
  private final Map<String, ApiKey> table = new ConcurrentHashMap<>();
  private final AtomicLong now = new AtomicLong();
  private final AtomicBoolean down = new AtomicBoolean();
  private final CachedKeyResolver keys =
      new CachedKeyResolver(
          hash -> {
            if (down.get()) {
              throw new KeyStoreUnavailableException("down", null);
            }
            return Optional.ofNullable(table.get(Base64.getEncoder().encodeToString(hash)));
          },
          Duration.ZERO,
          100,
          now::get);
  private final Gatekeeper gate =
      new Gatekeeper(keys, AuthSwitch.alwaysOn(), new RateLimiter(1, 2, now::get));

  private String add(String project, ApiKeyRole role) {
    String secret = ApiKeys.generate();
    table.put(
        Base64.getEncoder().encodeToString(ApiKeys.hash(secret)),
        Keys.key(project, role, ApiKeys.displayPrefix(secret)));
    return secret;
  }

  @Test
  void acceptsBearerInAnyCaseAndXApiKey() {
    String key = add("a", ApiKeyRole.READ);
    assertThat(gate.decide("Bearer " + key, null, Requirement.READ))
        .isInstanceOfSatisfying(
            Decision.Allowed.class, a -> assertThat(a.projectId()).isEqualTo("a"));
    assertThat(gate.decide("bearer  " + key + " ", null, Requirement.READ))
        .isInstanceOf(Decision.Allowed.class);
    now.addAndGet(1_000_000_000L); // refill the bucket (1/s, burst 2)
    assertThat(gate.decide(null, key, Requirement.READ)).isInstanceOf(Decision.Allowed.class);
  }

  @Test
  void missingUnknownAndNonBearerKeysAre401WithoutEchoingTheKey() {
    assertThat(status(gate.decide(null, null, Requirement.READ))).isEqualTo(401);
    Decision basic = gate.decide("Basic dXNlcjpwYXNz", null, Requirement.READ);
    assertThat(status(basic)).isEqualTo(401);
    assertThat(((Decision.Refused) basic).detail())
        .contains("Bearer")
        .doesNotContain("dXNlcjpwYXNz");
    Decision unknown = gate.decide("Bearer lum_not_a_key", null, Requirement.READ);
    assertThat(status(unknown)).isEqualTo(401);
    assertThat(((Decision.Refused) unknown).detail()).doesNotContain("lum_not_a_key");
  }

  @Test
  void rolesAreEnforced() {
    String ingest = add("a", ApiKeyRole.INGEST);
    String read = add("a", ApiKeyRole.READ);
    String admin = add("a", ApiKeyRole.ADMIN);
    assertThat(status(gate.decide(null, ingest, Requirement.READ)))
        .as("ingest keys cannot read")
        .isEqualTo(403);
    assertThat(status(gate.decide(null, read, Requirement.INGEST)))
        .as("read keys cannot ingest")
        .isEqualTo(403);
    assertThat(status(gate.decide(null, read, Requirement.ADMIN)))
        .as("read keys cannot administer")
        .isEqualTo(403);
    assertThat(gate.decide(null, admin, Requirement.INGEST)).isInstanceOf(Decision.Allowed.class);
    assertThat(gate.decide(null, admin, Requirement.ADMIN)).isInstanceOf(Decision.Allowed.class);
    assertThat(gate.decide(null, ingest, Requirement.ANY_KEY)).isInstanceOf(Decision.Allowed.class);
    assertThat(status(gate.decide(null, "lum_unknown", Requirement.ANY_KEY))).isEqualTo(401);
  }

  @Test
  void platformEndpointsNeedAKeyOfTheDefaultProject() {
    assertThat(status(gate.decide(null, add("a", ApiKeyRole.ADMIN), Requirement.PLATFORM_READ)))
        .isEqualTo(403);
    assertThat(
            gate.decide(
                null, add(Projects.DEFAULT_PROJECT, ApiKeyRole.READ), Requirement.PLATFORM_READ))
        .isInstanceOf(Decision.Allowed.class);
  }

  @Test
  void eachKeyIsRateLimitedWithARetryAfter() {
    String key = add("a", ApiKeyRole.READ);
    String other = add("a", ApiKeyRole.READ);
    assertThat(gate.decide(null, key, Requirement.READ)).isInstanceOf(Decision.Allowed.class);
    assertThat(gate.decide(null, key, Requirement.READ)).isInstanceOf(Decision.Allowed.class);
    Decision limited = gate.decide(null, key, Requirement.READ);
    assertThat(status(limited)).isEqualTo(429);
    assertThat(((Decision.Refused) limited).retryAfterSeconds()).isEqualTo(1);
    assertThat(gate.decide(null, other, Requirement.READ))
        .as("another key has its own bucket")
        .isInstanceOf(Decision.Allowed.class);
    now.addAndGet(1_000_000_000L);
    assertThat(gate.decide(null, key, Requirement.READ)).isInstanceOf(Decision.Allowed.class);
  }

  @Test
  void aStoreOutageIsA503NotAnOpenDoor() {
    String key = add("a", ApiKeyRole.READ);
    down.set(true);
    Decision d = gate.decide(null, key, Requirement.READ);
    assertThat(status(d)).isEqualTo(503);
    assertThat(((Decision.Refused) d).retryAfterSeconds()).isPositive();
  }

  @Test
  void withAuthenticationOffEveryRequestActsAsTheDefaultProject() {
    AtomicBoolean keyExists = new AtomicBoolean();
    AuthSwitch off = new AuthSwitch(false, keyExists::get, Duration.ofSeconds(5), now::get);
    Gatekeeper open = new Gatekeeper(keys, off, new RateLimiter(0, 1, now::get));
    assertThat(open.decide(null, null, Requirement.ADMIN))
        .isEqualTo(new Decision.Allowed(Projects.DEFAULT_PROJECT, null));

    keyExists.set(true); // someone created the first key
    assertThat(open.authenticationEnabled()).as("not re-checked before the period").isFalse();
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(status(open.decide(null, null, Requirement.READ))).isEqualTo(401);

    keyExists.set(false); // every key revoked
    now.addAndGet(Duration.ofSeconds(60).toNanos());
    assertThat(open.authenticationEnabled()).as("once on, stays on").isTrue();
  }

  private static int status(Decision d) {
    return d instanceof Decision.Refused r ? r.status() : 200;
  }
}
