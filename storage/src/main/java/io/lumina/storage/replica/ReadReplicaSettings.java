package io.lumina.storage.replica;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A read-only PostgreSQL (a streaming replica) for the reading paths: trace and span lists,
 * analytics, exports ({@code lumina.storage.read-replica.*}; environment {@code LUMINA_DB_READ_URL}
 * in the services' configuration). Writes, migrations, locks and everything that must see its own
 * writes stay on the primary. See docs/scaling.md for the staleness this trades for.
 *
 * @param url JDBC URL of the replica; empty (the default) reads from the primary
 * @param username user on the replica; empty takes the primary's
 * @param password password on the replica; empty takes the primary's
 * @param maxPoolSize connections to the replica
 * @param connectTimeout how long a read waits for a replica connection before it falls back to the
 *     primary
 * @param retryAfter after a failed connection, how long reads go to the primary before the replica
 *     is tried again (so an outage costs one timeout, not one per request)
 * @param maxLag replay lag above which {@code /actuator/health} reports the replica as stale
 *     (details only: the service stays UP, reads keep going to the replica)
 */
@Validated
@ConfigurationProperties("lumina.storage.read-replica")
public record ReadReplicaSettings(
    @DefaultValue("") String url,
    @DefaultValue("") String username,
    @DefaultValue("") String password,
    @DefaultValue("4") @Positive int maxPoolSize,
    @DefaultValue("1s") @NotNull Duration connectTimeout,
    @DefaultValue("10s") @NotNull Duration retryAfter,
    @DefaultValue("30s") @NotNull Duration maxLag) {

  public ReadReplicaSettings {
    url = url == null ? "" : url.trim();
    username = username == null ? "" : username;
    password = password == null ? "" : password;
  }

  /** Whether a replica is configured. */
  public boolean configured() {
    return !url.isEmpty();
  }
}
