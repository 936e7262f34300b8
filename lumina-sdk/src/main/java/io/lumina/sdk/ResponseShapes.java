package io.lumina.sdk;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads model, usage, id and text from the response objects of the libraries people call LLMs with
 * — the OpenAI and Anthropic Java SDKs, Spring AI and LangChain4j — by reflection, so the SDK
 * depends on none of them. Unknown objects give nothing; a library that changed shape gives what
 * could still be read, never an exception in the application.
 */
final class ResponseShapes {

  /** What a response said. Nulls are "not said". Input includes cached tokens. */
  record Facts(
      String model,
      String id,
      Long inputTokens,
      Long outputTokens,
      Long cacheReadTokens,
      Long cacheWriteTokens,
      Long reasoningTokens,
      String text,
      String finishReason) {}

  private interface Reader {
    Facts read(Object response);
  }

  private static final Reader NONE = response -> null;

  private static final ClassValue<Reader> READERS =
      new ClassValue<>() {
        @Override
        protected Reader computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            switch (c.getName()) {
              case "com.openai.models.chat.completions.ChatCompletion":
                return ResponseShapes::openAiChatCompletion;
              case "com.anthropic.models.messages.Message":
                return ResponseShapes::anthropicMessage;
              case "org.springframework.ai.chat.model.ChatResponse":
                return ResponseShapes::springAiChatResponse;
              case "dev.langchain4j.model.chat.response.ChatResponse":
                return ResponseShapes::langChain4jChatResponse;
              default:
                break;
            }
          }
          return NONE;
        }
      };

  /** Per class, per method name: the public no-argument method, or {@link #MISSING}. */
  private static final ClassValue<ConcurrentHashMap<String, Object>> METHODS =
      new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Object> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private static final Object MISSING = new Object();

  private ResponseShapes() {}

  /** The facts of a known response shape, else null. Text is taken as the response text. */
  static Facts read(Object response) {
    if (response == null) {
      return null;
    }
    if (response instanceof CharSequence) {
      String text = response.toString();
      return text.isEmpty()
          ? null
          : new Facts(null, null, null, null, null, null, null, text, null);
    }
    try {
      return READERS.get(response.getClass()).read(response);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static Facts openAiChatCompletion(Object r) {
    Object usage = call(r, "usage");
    Object choice = first(call(r, "choices"));
    Object finish = call(choice, "finishReason");
    return new Facts(
        text(call(r, "model")),
        text(call(r, "id")),
        number(call(usage, "promptTokens")),
        number(call(usage, "completionTokens")),
        number(call(call(usage, "promptTokensDetails"), "cachedTokens")),
        null,
        number(call(call(usage, "completionTokensDetails"), "reasoningTokens")),
        text(call(call(choice, "message"), "content")),
        finish == null ? null : text(finish));
  }

  private static Facts anthropicMessage(Object r) {
    Object usage = call(r, "usage");
    Long cacheRead = number(call(usage, "cacheReadInputTokens"));
    Long cacheWrite = number(call(usage, "cacheCreationInputTokens"));
    // Anthropic counts cached tokens apart from input_tokens; the conventions count them in it
    Long input = plus(number(call(usage, "inputTokens")), cacheRead, cacheWrite);
    StringBuilder text = new StringBuilder();
    Object content = call(r, "content");
    if (content instanceof List<?>) {
      for (Object block : (List<?>) content) {
        String t = text(call(call(block, "text"), "text"));
        if (t != null) {
          text.append(t);
        }
      }
    }
    Object stop = call(r, "stopReason");
    return new Facts(
        text(call(r, "model")),
        text(call(r, "id")),
        input,
        number(call(usage, "outputTokens")),
        cacheRead,
        cacheWrite,
        null,
        text.length() == 0 ? null : text.toString(),
        stop == null ? null : text(stop));
  }

  private static Facts springAiChatResponse(Object r) {
    Object metadata = call(r, "getMetadata");
    Object usage = call(metadata, "getUsage");
    if (usage != null && usage.getClass().getSimpleName().equals("EmptyUsage")) {
      usage = null; // Spring AI's "the provider reported nothing", not zero tokens
    }
    Long cacheRead = number(call(usage, "getCacheReadInputTokens"));
    Long cacheWrite = number(call(usage, "getCacheWriteInputTokens"));
    Object result = call(r, "getResult");
    Object finish = call(call(result, "getMetadata"), "getFinishReason");
    return new Facts(
        text(call(metadata, "getModel")),
        text(call(metadata, "getId")),
        inputWithCache(number(call(usage, "getPromptTokens")), cacheRead, cacheWrite),
        number(call(usage, "getCompletionTokens")),
        cacheRead,
        cacheWrite,
        null,
        text(call(call(result, "getOutput"), "getText")),
        finish == null ? null : text(finish));
  }

  private static Facts langChain4jChatResponse(Object r) {
    Object usage = call(r, "tokenUsage");
    Object finish = call(r, "finishReason");
    return new Facts(
        text(call(r, "modelName")),
        text(call(r, "id")),
        number(call(usage, "inputTokenCount")),
        number(call(usage, "outputTokenCount")),
        null,
        null,
        null,
        text(call(call(r, "aiMessage"), "text")),
        finish == null ? null : text(finish).toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Input that is smaller than its cached part cannot include it (a library passing Anthropic's raw
   * count): add it, as the conventions count cached tokens in the input.
   */
  private static Long inputWithCache(Long input, Long cacheRead, Long cacheWrite) {
    long cached = (cacheRead == null ? 0 : cacheRead) + (cacheWrite == null ? 0 : cacheWrite);
    if (input != null && cached > 0 && input < cached) {
      return input + cached;
    }
    return input;
  }

  private static Long plus(Long value, Long a, Long b) {
    if (value == null) {
      return null;
    }
    return value + (a == null ? 0 : a) + (b == null ? 0 : b);
  }

  /** {@code target.name()}, Optional unwrapped; null when target is null or has no such method. */
  static Object call(Object target, String name) {
    if (target == null) {
      return null;
    }
    ConcurrentHashMap<String, Object> methods = METHODS.get(target.getClass());
    Object m = methods.get(name);
    if (m == null) {
      m = find(target.getClass(), name);
      methods.put(name, m);
    }
    if (m == MISSING) {
      return null;
    }
    try {
      Object value = ((Method) m).invoke(target);
      return value instanceof Optional<?> ? ((Optional<?>) value).orElse(null) : value;
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static Object find(Class<?> type, String name) {
    try {
      Method m = type.getMethod(name);
      // a public method declared by a non-public class is reachable through its public interface
      if (!java.lang.reflect.Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
        m.setAccessible(true);
      }
      return m;
    } catch (NoSuchMethodException | RuntimeException e) {
      return MISSING;
    }
  }

  private static Object first(Object list) {
    return list instanceof List<?> && !((List<?>) list).isEmpty() ? ((List<?>) list).get(0) : null;
  }

  private static Long number(Object value) {
    return value instanceof Number ? ((Number) value).longValue() : null;
  }

  /** A string, or an enum-like value's string ({@code asString()} of the SDKs' Kotlin enums). */
  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String) {
      return ((String) value).isEmpty() ? null : (String) value;
    }
    Object s = call(value, "asString");
    return s instanceof String ? (String) s : value.toString();
  }
}
