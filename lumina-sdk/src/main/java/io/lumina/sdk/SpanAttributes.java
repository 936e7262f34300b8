package io.lumina.sdk;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.util.List;

/**
 * The attributes the SDK writes: the OpenTelemetry GenAI semantic conventions, {@code user.id} and
 * {@code session.id}, and Lumina's custom price keys. Every key here is one Lumina's server reads
 * (docs/conventions.md); the sampling buffer reads them back with the same keys.
 */
final class SpanAttributes {

  static final String CHAT = "chat";

  static final AttributeKey<String> OPERATION_NAME = stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER_NAME = stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL = stringKey("gen_ai.response.model");
  static final AttributeKey<String> RESPONSE_ID = stringKey("gen_ai.response.id");
  static final AttributeKey<List<String>> FINISH_REASONS =
      stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Long> INPUT_TOKENS = longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Long> CACHE_READ_TOKENS =
      longKey("gen_ai.usage.cache_read.input_tokens");
  static final AttributeKey<Long> CACHE_WRITE_TOKENS =
      longKey("gen_ai.usage.cache_creation.input_tokens");
  static final AttributeKey<Long> REASONING_TOKENS =
      longKey("gen_ai.usage.reasoning.output_tokens");
  static final AttributeKey<String> INPUT_MESSAGES = stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES = stringKey("gen_ai.output.messages");
  static final AttributeKey<String> ERROR_TYPE = stringKey("error.type");
  static final AttributeKey<String> USER_ID = stringKey("user.id");
  static final AttributeKey<String> SESSION_ID = stringKey("session.id");
  static final AttributeKey<Double> PROMPT_TOKEN_PRICE = doubleKey("cost_per_prompt_token");
  static final AttributeKey<Double> COMPLETION_TOKEN_PRICE = doubleKey("cost_per_completion_token");
  static final AttributeKey<Double> COST_USD = doubleKey("cost_usd");

  private SpanAttributes() {}

  /** The key a user-given metadata name is recorded under. */
  static String keyFor(String name) {
    switch (name) {
      case "userId":
      case "user_id":
        return USER_ID.getKey();
      case "sessionId":
      case "session_id":
        return SESSION_ID.getKey();
      default:
        return name;
    }
  }

  static void put(AttributesBuilder attributes, String name, Object value) {
    String key = keyFor(name);
    if (isPrice(key)) {
      attributes.put(doubleKey(key), price(key, value));
    } else if (value instanceof String) {
      attributes.put(key, (String) value);
    } else if (value instanceof Boolean) {
      attributes.put(key, (Boolean) value);
    } else if (isWhole(value)) {
      attributes.put(key, ((Number) value).longValue());
    } else if (value instanceof Number) {
      attributes.put(key, ((Number) value).doubleValue());
    } else {
      attributes.put(key, String.valueOf(value));
    }
  }

  static void put(Span span, String name, Object value) {
    if (value == null) {
      return;
    }
    String key = keyFor(name);
    if (isPrice(key)) {
      span.setAttribute(doubleKey(key), price(key, value));
    } else if (value instanceof String) {
      span.setAttribute(key, (String) value);
    } else if (value instanceof Boolean) {
      span.setAttribute(key, (Boolean) value);
    } else if (isWhole(value)) {
      span.setAttribute(key, ((Number) value).longValue());
    } else if (value instanceof Number) {
      span.setAttribute(key, ((Number) value).doubleValue());
    } else {
      span.setAttribute(key, String.valueOf(value));
    }
  }

  private static boolean isPrice(String key) {
    return key.equals(PROMPT_TOKEN_PRICE.getKey())
        || key.equals(COMPLETION_TOKEN_PRICE.getKey())
        || key.equals(COST_USD.getKey());
  }

  /** Prices are numbers on the wire whatever they were given as, so the server reads them. */
  private static double price(String key, Object value) {
    double price;
    try {
      price =
          value instanceof Number
              ? ((Number) value).doubleValue()
              : Double.parseDouble(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number: " + value, e);
    }
    checkPrice(key, price);
    return price;
  }

  static void checkPrice(String key, double price) {
    if (!Double.isFinite(price) || price < 0) {
      throw new IllegalArgumentException(key + " must be a non-negative number: " + price);
    }
  }

  private static boolean isWhole(Object value) {
    return value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte;
  }
}
