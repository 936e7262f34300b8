package io.lumina.conventions;

import static io.lumina.conventions.AttributeMapping.Convention.LUMINA_FLAT;
import static io.lumina.conventions.AttributeMapping.Convention.OPENINFERENCE;
import static io.lumina.conventions.AttributeMapping.Convention.OPENLLMETRY;
import static io.lumina.conventions.AttributeMapping.Convention.OTEL;
import static io.lumina.conventions.AttributeMapping.Convention.OTEL_GENAI;
import static io.lumina.conventions.AttributeMapping.Convention.VERCEL_AI;
import static io.lumina.conventions.StandardField.CACHE_READ_TOKENS;
import static io.lumina.conventions.StandardField.CACHE_WRITE_TOKENS;
import static io.lumina.conventions.StandardField.COMPLETION_TOKEN_PRICE;
import static io.lumina.conventions.StandardField.COST_USD;
import static io.lumina.conventions.StandardField.INPUT;
import static io.lumina.conventions.StandardField.INPUT_MESSAGE_CONTENT;
import static io.lumina.conventions.StandardField.INPUT_MESSAGE_ROLE;
import static io.lumina.conventions.StandardField.INPUT_TOKENS;
import static io.lumina.conventions.StandardField.INVOCATION_PARAMETERS;
import static io.lumina.conventions.StandardField.MAX_TOKENS;
import static io.lumina.conventions.StandardField.MODEL;
import static io.lumina.conventions.StandardField.OUTPUT;
import static io.lumina.conventions.StandardField.OUTPUT_MESSAGE_CONTENT;
import static io.lumina.conventions.StandardField.OUTPUT_MESSAGE_ROLE;
import static io.lumina.conventions.StandardField.OUTPUT_TOKENS;
import static io.lumina.conventions.StandardField.PROMPT_TOKEN_PRICE;
import static io.lumina.conventions.StandardField.PROVIDER;
import static io.lumina.conventions.StandardField.REASONING_TOKENS;
import static io.lumina.conventions.StandardField.SESSION_ID;
import static io.lumina.conventions.StandardField.STATUS;
import static io.lumina.conventions.StandardField.SYSTEM_PROMPT;
import static io.lumina.conventions.StandardField.TEMPERATURE;
import static io.lumina.conventions.StandardField.TOTAL_TOKENS;
import static io.lumina.conventions.StandardField.USER_ID;
import static io.lumina.model.UsageRole.AGGREGATE;
import static io.lumina.model.UsageRole.CALL;

import io.lumina.model.UsageRole;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * THE table from attribute names of every supported convention to the standard Lumina fields.
 * Adding a convention means adding rows here and a test with a span as that library emits it;
 * nothing else.
 *
 * <p>Precedence: for one field, the row with the lowest {@code priority} wins; on top of that, span
 * attributes beat span events, which beat resource attributes (see {@link #EVENT_RANK} and {@link
 * #RESOURCE_RANK}). So a span's {@code gen_ai.response.model} beats its {@code
 * gen_ai.request.model}, and both beat a {@code model} set on the resource.
 *
 * <p>Exact keys are found by one hash lookup. Indexed keys ({@code gen_ai.prompt.3.content}) cannot
 * be, so the few indexed rows are tried by prefix only when the exact lookup misses; nothing here
 * uses a regex, because this runs for every attribute of every span.
 */
public final class AttributeMapping {

  /** Who defined the attribute name; also drives the few per-convention token rules. */
  public enum Convention {
    OTEL_GENAI,
    OPENINFERENCE,
    OPENLLMETRY,
    VERCEL_AI,
    /**
     * Lumina's flat keys ({@code model}, {@code prompt_tokens}, {@code cost_usd}...), as its SDK
     * sets them.
     */
    LUMINA_FLAT,
    OTEL
  }

  /** One attribute key feeding one standard field. */
  public record Rule(String key, StandardField field, int priority, Convention convention) {
    public Rule {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(convention, "convention");
      if (priority < 0 || priority >= MAX_PRIORITY) {
        throw new IllegalArgumentException("priority out of range for " + key + ": " + priority);
      }
    }
  }

  /** Keys of the form {@code prefix + N + suffix}, N being a message index. */
  public record IndexedRule(
      String prefix, String suffix, StandardField field, int priority, Convention convention) {

    /** The message index when {@code key} has this rule's shape, else -1. Allocates nothing. */
    public int indexIn(String key) {
      if (!key.startsWith(prefix)) {
        return -1;
      }
      int pos = prefix.length();
      int index = 0;
      int digits = 0;
      while (pos < key.length() && Character.isDigit(key.charAt(pos)) && digits < 4) {
        index = index * 10 + (key.charAt(pos) - '0');
        pos++;
        digits++;
      }
      if (digits == 0
          || key.length() - pos != suffix.length()
          || !key.regionMatches(pos, suffix, 0, suffix.length())) {
        return -1;
      }
      return index;
    }
  }

  /** What a span event means. */
  public enum EventKind {
    /** One input message, content in the event's attributes; role given by the event name. */
    INPUT_MESSAGE,
    /** One output message ({@code gen_ai.choice}). */
    OUTPUT_MESSAGE,
    /** An event whose attributes are read through the attribute rules (at event rank). */
    ATTRIBUTES,
    /** An exception: the span is an error. */
    EXCEPTION
  }

  public record EventRule(String name, EventKind kind, String role) {}

  static final int MAX_PRIORITY = 100;

  /** Added to a rule's priority for values found on span events. */
  public static final int EVENT_RANK = MAX_PRIORITY;

  /** Added to a rule's priority for values found on the resource. */
  public static final int RESOURCE_RANK = 2 * MAX_PRIORITY;

  /** Priority of a message list assembled from indexed keys or message events. */
  public static final int INDEXED_MESSAGES_PRIORITY = 2;

  /**
   * Prefix of the AI SDK 6 input token details ({@code ai.usage.inputTokenDetails.noCacheTokens},
   * {@code .cacheReadTokens}, {@code .cacheWriteTokens}): spans carrying them report {@code
   * ai.usage.inputTokens} with the cache included, whatever the provider.
   */
  public static final String VERCEL_INPUT_DETAILS = "ai.usage.inputTokenDetails.";

  /** The table. Read it top to bottom per field: lower priority wins. */
  public static final List<Rule> RULES =
      List.of(
          // model: the model that answered before the model asked for
          rule("gen_ai.response.model", MODEL, 0, OTEL_GENAI),
          rule("llm.response.model", MODEL, 1, OPENLLMETRY),
          rule("ai.response.model", MODEL, 2, VERCEL_AI),
          rule("llm.model_name", MODEL, 3, OPENINFERENCE),
          rule("gen_ai.request.model", MODEL, 4, OTEL_GENAI),
          rule("llm.request.model", MODEL, 5, OPENLLMETRY),
          rule("ai.model.id", MODEL, 6, VERCEL_AI),
          rule("model", MODEL, 7, LUMINA_FLAT),

          // provider (canonicalized by Providers)
          rule("gen_ai.provider.name", PROVIDER, 0, OTEL_GENAI),
          rule("gen_ai.system", PROVIDER, 1, OTEL_GENAI),
          rule("llm.provider", PROVIDER, 2, OPENINFERENCE),
          rule("llm.system", PROVIDER, 3, OPENINFERENCE),
          rule("ai.model.provider", PROVIDER, 4, VERCEL_AI),
          rule("provider", PROVIDER, 5, LUMINA_FLAT),

          // tokens
          rule("gen_ai.usage.input_tokens", INPUT_TOKENS, 0, OTEL_GENAI),
          rule("gen_ai.usage.prompt_tokens", INPUT_TOKENS, 1, OTEL_GENAI),
          rule("llm.token_count.prompt", INPUT_TOKENS, 2, OPENINFERENCE),
          rule("llm.usage.prompt_tokens", INPUT_TOKENS, 3, OPENLLMETRY),
          rule("ai.usage.inputTokens", INPUT_TOKENS, 4, VERCEL_AI),
          rule("ai.usage.promptTokens", INPUT_TOKENS, 5, VERCEL_AI),
          rule("prompt_tokens", INPUT_TOKENS, 6, LUMINA_FLAT),
          rule("gen_ai.usage.output_tokens", OUTPUT_TOKENS, 0, OTEL_GENAI),
          rule("gen_ai.usage.completion_tokens", OUTPUT_TOKENS, 1, OTEL_GENAI),
          rule("llm.token_count.completion", OUTPUT_TOKENS, 2, OPENINFERENCE),
          rule("llm.usage.completion_tokens", OUTPUT_TOKENS, 3, OPENLLMETRY),
          rule("ai.usage.outputTokens", OUTPUT_TOKENS, 4, VERCEL_AI),
          rule("ai.usage.completionTokens", OUTPUT_TOKENS, 5, VERCEL_AI),
          rule("completion_tokens", OUTPUT_TOKENS, 6, LUMINA_FLAT),
          rule("gen_ai.usage.total_tokens", TOTAL_TOKENS, 0, OTEL_GENAI),
          rule("llm.token_count.total", TOTAL_TOKENS, 1, OPENINFERENCE),
          rule("llm.usage.total_tokens", TOTAL_TOKENS, 2, OPENLLMETRY),
          rule("ai.usage.totalTokens", TOTAL_TOKENS, 3, VERCEL_AI),
          rule("total_tokens", TOTAL_TOKENS, 4, LUMINA_FLAT),
          rule("gen_ai.usage.cache_read.input_tokens", CACHE_READ_TOKENS, 0, OTEL_GENAI),
          rule("gen_ai.usage.cache_read_input_tokens", CACHE_READ_TOKENS, 1, OPENLLMETRY),
          rule("llm.token_count.prompt_details.cache_read", CACHE_READ_TOKENS, 2, OPENINFERENCE),
          rule("ai.usage.cachedInputTokens", CACHE_READ_TOKENS, 3, VERCEL_AI),
          rule(VERCEL_INPUT_DETAILS + "cacheReadTokens", CACHE_READ_TOKENS, 4, VERCEL_AI),
          rule("cache_read_tokens", CACHE_READ_TOKENS, 5, LUMINA_FLAT),
          rule("gen_ai.usage.cache_creation.input_tokens", CACHE_WRITE_TOKENS, 0, OTEL_GENAI),
          rule("gen_ai.usage.cache_creation_input_tokens", CACHE_WRITE_TOKENS, 1, OPENLLMETRY),
          rule("llm.token_count.prompt_details.cache_write", CACHE_WRITE_TOKENS, 2, OPENINFERENCE),
          rule(VERCEL_INPUT_DETAILS + "cacheWriteTokens", CACHE_WRITE_TOKENS, 3, VERCEL_AI),
          rule("cache_write_tokens", CACHE_WRITE_TOKENS, 4, LUMINA_FLAT),
          rule("gen_ai.usage.reasoning.output_tokens", REASONING_TOKENS, 0, OTEL_GENAI),
          rule("gen_ai.usage.reasoning_tokens", REASONING_TOKENS, 1, OPENLLMETRY),
          rule("llm.token_count.completion_details.reasoning", REASONING_TOKENS, 2, OPENINFERENCE),
          rule("ai.usage.reasoningTokens", REASONING_TOKENS, 3, VERCEL_AI),
          rule("ai.usage.outputTokenDetails.reasoningTokens", REASONING_TOKENS, 4, VERCEL_AI),
          rule("reasoning_tokens", REASONING_TOKENS, 5, LUMINA_FLAT),

          // input: messages first, then request objects, then plain text
          rule("gen_ai.input.messages", INPUT, 0, OTEL_GENAI),
          rule("gen_ai.prompt", INPUT, 1, OTEL_GENAI),
          // priority 2: indexed messages and message events (INDEXED_MESSAGES_PRIORITY)
          rule("ai.prompt.messages", INPUT, 3, VERCEL_AI),
          rule("ai.prompt", INPUT, 4, VERCEL_AI),
          rule("input.value", INPUT, 5, OPENINFERENCE),
          rule("traceloop.entity.input", INPUT, 6, OPENLLMETRY),
          rule("prompt", INPUT, 7, LUMINA_FLAT),
          rule("gen_ai.output.messages", OUTPUT, 0, OTEL_GENAI),
          rule("gen_ai.completion", OUTPUT, 1, OTEL_GENAI),
          // priority 2: indexed messages and gen_ai.choice events
          rule("ai.response.text", OUTPUT, 3, VERCEL_AI),
          rule("output.value", OUTPUT, 5, OPENINFERENCE),
          rule("traceloop.entity.output", OUTPUT, 6, OPENLLMETRY),
          rule("response", OUTPUT, 7, LUMINA_FLAT),
          rule("gen_ai.system_instructions", SYSTEM_PROMPT, 0, OTEL_GENAI),

          // who and which conversation
          rule("user.id", USER_ID, 0, OPENINFERENCE),
          rule("enduser.id", USER_ID, 1, OTEL),
          rule("traceloop.association.properties.user_id", USER_ID, 2, OPENLLMETRY),
          rule("traceloop.association.properties.userId", USER_ID, 2, OPENLLMETRY),
          rule("ai.telemetry.metadata.userId", USER_ID, 3, VERCEL_AI),
          rule("userId", USER_ID, 4, LUMINA_FLAT),
          rule("user_id", USER_ID, 5, LUMINA_FLAT),
          rule("gen_ai.conversation.id", SESSION_ID, 0, OTEL_GENAI),
          rule("session.id", SESSION_ID, 1, OPENINFERENCE),
          rule("traceloop.association.properties.session_id", SESSION_ID, 2, OPENLLMETRY),
          rule("traceloop.association.properties.sessionId", SESSION_ID, 2, OPENLLMETRY),
          rule("ai.telemetry.metadata.sessionId", SESSION_ID, 3, VERCEL_AI),
          rule("sessionId", SESSION_ID, 4, LUMINA_FLAT),
          rule("session_id", SESSION_ID, 5, LUMINA_FLAT),

          // status, cost and request parameters
          rule("lumina.status", STATUS, 0, LUMINA_FLAT),
          rule("status", STATUS, 1, LUMINA_FLAT),
          rule("cost_usd", COST_USD, 0, LUMINA_FLAT),
          rule("cost_per_prompt_token", PROMPT_TOKEN_PRICE, 0, LUMINA_FLAT),
          rule("cost_per_completion_token", COMPLETION_TOKEN_PRICE, 0, LUMINA_FLAT),
          rule("gen_ai.request.temperature", TEMPERATURE, 0, OTEL_GENAI),
          rule("ai.settings.temperature", TEMPERATURE, 1, VERCEL_AI),
          rule("temperature", TEMPERATURE, 2, LUMINA_FLAT),
          rule("gen_ai.request.max_tokens", MAX_TOKENS, 0, OTEL_GENAI),
          rule("ai.settings.maxOutputTokens", MAX_TOKENS, 1, VERCEL_AI),
          rule("ai.settings.maxTokens", MAX_TOKENS, 2, VERCEL_AI),
          rule("max_tokens", MAX_TOKENS, 3, LUMINA_FLAT),
          // read for temperature / max tokens only when no direct key gave them
          rule("llm.invocation_parameters", INVOCATION_PARAMETERS, 0, OPENINFERENCE));

  /** Indexed message keys, tried in order when the exact lookup misses. */
  public static final List<IndexedRule> INDEXED_RULES =
      List.of(
          indexed("gen_ai.prompt.", ".content", INPUT_MESSAGE_CONTENT, OPENLLMETRY),
          indexed("gen_ai.prompt.", ".role", INPUT_MESSAGE_ROLE, OPENLLMETRY),
          indexed("gen_ai.completion.", ".content", OUTPUT_MESSAGE_CONTENT, OPENLLMETRY),
          indexed("gen_ai.completion.", ".role", OUTPUT_MESSAGE_ROLE, OPENLLMETRY),
          indexed("llm.prompts.", ".content", INPUT_MESSAGE_CONTENT, OPENLLMETRY),
          indexed("llm.prompts.", ".role", INPUT_MESSAGE_ROLE, OPENLLMETRY),
          indexed("llm.input_messages.", ".message.content", INPUT_MESSAGE_CONTENT, OPENINFERENCE),
          indexed("llm.input_messages.", ".message.role", INPUT_MESSAGE_ROLE, OPENINFERENCE),
          indexed(
              "llm.output_messages.", ".message.content", OUTPUT_MESSAGE_CONTENT, OPENINFERENCE),
          indexed("llm.output_messages.", ".message.role", OUTPUT_MESSAGE_ROLE, OPENINFERENCE));

  /**
   * Attributes that say whether a span is one model call or repeats the usage of the calls below it
   * ({@link UsageRole}): read from the span's own attributes only. A span with usage and no marker
   * is a call; a value not listed decides nothing. When markers disagree, AGGREGATE wins.
   */
  public record RoleRule(String key, Map<String, UsageRole> roles, Convention convention) {}

  public static final List<RoleRule> ROLE_RULES =
      List.of(
          // the outer span of a generate/stream/embed call sums its steps (doGenerate, doStream...)
          new RoleRule(
              "ai.operationId",
              Map.ofEntries(
                  Map.entry("ai.generateText", AGGREGATE),
                  Map.entry("ai.streamText", AGGREGATE),
                  Map.entry("ai.generateObject", AGGREGATE),
                  Map.entry("ai.streamObject", AGGREGATE),
                  Map.entry("ai.embed", AGGREGATE),
                  Map.entry("ai.embedMany", AGGREGATE),
                  Map.entry("ai.generateText.doGenerate", CALL),
                  Map.entry("ai.streamText.doStream", CALL),
                  Map.entry("ai.generateObject.doGenerate", CALL),
                  Map.entry("ai.streamObject.doStream", CALL),
                  Map.entry("ai.embed.doEmbed", CALL),
                  Map.entry("ai.embedMany.doEmbed", CALL)),
              VERCEL_AI),
          // model calls are LLM, EMBEDDING and RERANKER spans; the other kinds wrap them
          new RoleRule(
              "openinference.span.kind",
              Map.ofEntries(
                  Map.entry("LLM", CALL),
                  Map.entry("EMBEDDING", CALL),
                  Map.entry("RERANKER", CALL),
                  Map.entry("CHAIN", AGGREGATE),
                  Map.entry("AGENT", AGGREGATE),
                  Map.entry("TOOL", AGGREGATE),
                  Map.entry("RETRIEVER", AGGREGATE),
                  Map.entry("GUARDRAIL", AGGREGATE),
                  Map.entry("EVALUATOR", AGGREGATE),
                  Map.entry("PROMPT", AGGREGATE)),
              OPENINFERENCE),
          // the Traceloop SDK's decorators (workflow, task, agent, tool); its LLM spans carry none
          new RoleRule(
              "traceloop.span.kind",
              Map.of(
                  "workflow", AGGREGATE, "task", AGGREGATE, "agent", AGGREGATE, "tool", AGGREGATE),
              OPENLLMETRY));

  /** Span events understood by name. Events not listed are kept but not interpreted. */
  public static final List<EventRule> EVENT_RULES =
      List.of(
          new EventRule("gen_ai.system.message", EventKind.INPUT_MESSAGE, "system"),
          new EventRule("gen_ai.user.message", EventKind.INPUT_MESSAGE, "user"),
          new EventRule("gen_ai.assistant.message", EventKind.INPUT_MESSAGE, "assistant"),
          new EventRule("gen_ai.tool.message", EventKind.INPUT_MESSAGE, "tool"),
          new EventRule("gen_ai.choice", EventKind.OUTPUT_MESSAGE, "assistant"),
          // older semconv: the whole prompt / completion as gen_ai.prompt / gen_ai.completion
          // attributes
          new EventRule("gen_ai.content.prompt", EventKind.ATTRIBUTES, null),
          new EventRule("gen_ai.content.completion", EventKind.ATTRIBUTES, null),
          // current semconv: gen_ai.input.messages / output.messages / system_instructions as an
          // event
          new EventRule("gen_ai.client.inference.operation.details", EventKind.ATTRIBUTES, null),
          new EventRule("exception", EventKind.EXCEPTION, null));

  private static final Map<String, Rule> BY_KEY = index(RULES);
  private static final Map<String, EventRule> EVENTS_BY_NAME = indexEvents(EVENT_RULES);
  private static final Map<String, RoleRule> ROLES_BY_KEY = indexRoles(ROLE_RULES);

  private AttributeMapping() {}

  /** The rule for an exact key, or null. */
  public static Rule rule(String key) {
    return BY_KEY.get(key);
  }

  /** The usage-role rule for an exact key, or null. */
  public static RoleRule roleRule(String key) {
    return ROLES_BY_KEY.get(key);
  }

  /** The rule for a span event name, or null. */
  public static EventRule event(String name) {
    return EVENTS_BY_NAME.get(name);
  }

  private static Rule rule(String key, StandardField field, int priority, Convention convention) {
    return new Rule(key, field, priority, convention);
  }

  private static IndexedRule indexed(
      String prefix, String suffix, StandardField field, Convention convention) {
    return new IndexedRule(prefix, suffix, field, INDEXED_MESSAGES_PRIORITY, convention);
  }

  private static Map<String, Rule> index(List<Rule> rules) {
    Map<String, Rule> byKey = new HashMap<>();
    for (Rule r : rules) {
      if (byKey.put(r.key(), r) != null) {
        throw new IllegalStateException("attribute mapped twice: " + r.key());
      }
    }
    return Map.copyOf(byKey);
  }

  private static Map<String, RoleRule> indexRoles(List<RoleRule> rules) {
    Map<String, RoleRule> byKey = new HashMap<>();
    for (RoleRule r : rules) {
      if (byKey.put(r.key(), r) != null || BY_KEY.containsKey(r.key())) {
        throw new IllegalStateException("attribute mapped twice: " + r.key());
      }
    }
    return Map.copyOf(byKey);
  }

  private static Map<String, EventRule> indexEvents(List<EventRule> rules) {
    Map<String, EventRule> byName = new HashMap<>();
    for (EventRule r : rules) {
      if (byName.put(r.name(), r) != null) {
        throw new IllegalStateException("event mapped twice: " + r.name());
      }
    }
    return Map.copyOf(byName);
  }
}
