package io.lumina.sdk;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Traces kept whatever the sampling rate: with an error, with an LLM call that cost more than a
 * bound, or with a listed user. A trace the rate would drop is held in memory until its local root
 * span ends and kept if any of its spans matches (see docs/sdk.md, "Sampling").
 *
 * <pre>{@code
 * AlwaysSample.builder().errors(true).costUsdAbove(0.5).userIdIn("vip1", "vip2").build()
 * }</pre>
 *
 * Cost is computed as Lumina's server computes it: the call's custom per-token prices or cost if it
 * sent them, else the same bundled price catalog. Project price overrides set on the server are not
 * known to the SDK.
 */
public final class AlwaysSample {

  private static final AlwaysSample NONE = builder().build();

  private final boolean errors;
  private final Double costUsdAbove;
  private final Set<String> userIds;

  private AlwaysSample(Builder b) {
    this.errors = b.errors;
    this.costUsdAbove = b.costUsdAbove;
    this.userIds = Set.copyOf(b.userIds);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No condition: the sampling rate alone decides. */
  public static AlwaysSample none() {
    return NONE;
  }

  public boolean errors() {
    return errors;
  }

  /** The cost bound in USD, or null for none. */
  public Double costUsdAbove() {
    return costUsdAbove;
  }

  public Set<String> userIds() {
    return userIds;
  }

  /** True when no condition is set. */
  public boolean isEmpty() {
    return !errors && costUsdAbove == null && userIds.isEmpty();
  }

  @Override
  public String toString() {
    return "AlwaysSample{errors="
        + errors
        + ", costUsdAbove="
        + costUsdAbove
        + ", userIds="
        + userIds
        + "}";
  }

  /** Builds {@link AlwaysSample}. */
  public static final class Builder {
    private boolean errors;
    private Double costUsdAbove;
    private final Set<String> userIds = new LinkedHashSet<>();

    private Builder() {}

    /** Keep every trace with a span whose status is error. */
    public Builder errors(boolean errors) {
      this.errors = errors;
      return this;
    }

    /** Keep every trace with an LLM call that cost more than {@code usd}. */
    public Builder costUsdAbove(double usd) {
      if (!Double.isFinite(usd) || usd < 0) {
        throw new IllegalArgumentException("cost bound must be a non-negative number: " + usd);
      }
      this.costUsdAbove = usd;
      return this;
    }

    /** Keep every trace with a span of one of these users ({@code user.id}). */
    public Builder userIdIn(String... userIds) {
      return userIdIn(Arrays.asList(userIds));
    }

    public Builder userIdIn(Collection<String> userIds) {
      for (String id : userIds) {
        if (id == null || id.isBlank()) {
          throw new IllegalArgumentException("user ids must not be blank");
        }
        this.userIds.add(id);
      }
      return this;
    }

    public AlwaysSample build() {
      return new AlwaysSample(this);
    }
  }
}
