package io.lumina.sdk;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to record one LLM call: span name, requested model, provider and custom metadata. Immutable;
 * build once and reuse (the span attributes are prepared at {@link Builder#build()}).
 *
 * <pre>{@code
 * TraceOptions.builder()
 *     .name("chat")
 *     .model("gpt-4o")
 *     .provider("openai")
 *     .metadata(Map.of("userId", "u-1", "sessionId", "s-1", "intent", "support"))
 *     .build();
 * }</pre>
 *
 * Metadata keys {@code userId} / {@code user_id} and {@code sessionId} / {@code session_id} become
 * {@code user.id} and {@code session.id}; {@code cost_per_prompt_token} and {@code
 * cost_per_completion_token} are custom prices in USD per token; every other key is recorded as is.
 */
public final class TraceOptions {

  private static final TraceOptions DEFAULTS = builder().build();

  private final String name;
  private final String model;
  private final String provider;
  private final Map<String, Object> metadata;
  private final Attributes startAttributes;

  private TraceOptions(Builder b) {
    this.model = blankToNull(b.model);
    this.provider = blankToNull(b.provider);
    this.name = blankToNull(b.name) != null ? b.name : (model != null ? "chat " + model : "chat");
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    AttributesBuilder attributes =
        Attributes.builder().put(SpanAttributes.OPERATION_NAME, SpanAttributes.CHAT);
    if (provider != null) {
      attributes.put(SpanAttributes.PROVIDER_NAME, provider);
    }
    if (model != null) {
      attributes.put(SpanAttributes.REQUEST_MODEL, model);
    }
    metadata.forEach((key, value) -> SpanAttributes.put(attributes, key, value));
    this.startAttributes = attributes.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** No name, model or metadata: the span is called {@code chat}. */
  public static TraceOptions defaults() {
    return DEFAULTS;
  }

  public String name() {
    return name;
  }

  public String model() {
    return model;
  }

  public String provider() {
    return provider;
  }

  public Map<String, Object> metadata() {
    return metadata;
  }

  Attributes startAttributes() {
    return startAttributes;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Builds {@link TraceOptions}. */
  public static final class Builder {
    private String name;
    private String model;
    private String provider;
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    private Builder() {}

    /** The span name; default {@code chat <model>}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The model asked for ({@code gen_ai.request.model}). */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** The provider ({@code gen_ai.provider.name}): openai, anthropic, aws.bedrock... */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /** Adds every entry as an attribute of the span. Null values are skipped. */
    public Builder metadata(Map<String, ?> metadata) {
      metadata.forEach(this::metadata);
      return this;
    }

    /** Adds one attribute. A null value is skipped. */
    public Builder metadata(String key, Object value) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("metadata key must not be blank");
      }
      if (value != null) {
        metadata.put(key, value);
      }
      return this;
    }

    public TraceOptions build() {
      return new TraceOptions(this);
    }
  }
}
