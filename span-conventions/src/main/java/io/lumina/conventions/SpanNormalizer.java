package io.lumina.conventions;

import io.lumina.conventions.AttributeMapping.Convention;
import io.lumina.conventions.AttributeMapping.EventRule;
import io.lumina.conventions.AttributeMapping.IndexedRule;
import io.lumina.conventions.AttributeMapping.RoleRule;
import io.lumina.conventions.AttributeMapping.Rule;
import io.lumina.conventions.MessageExtractor.Extracted;
import io.lumina.conventions.MessageExtractor.Message;
import io.lumina.model.NormalizedSpan;
import io.lumina.model.SpanStatus;
import io.lumina.model.TokenUsage;
import io.lumina.model.UsageRole;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns one OTLP span (with its resource) into the standard Lumina fields, whatever convention it
 * was sent in. One pass over the span's attributes, events and resource attributes, one hash lookup
 * per key in {@link AttributeMapping} (a second for keys it does not map: the usage-role markers);
 * JSON is parsed only for the winning prompt/response values and for short candidates that may be
 * empty payloads.
 *
 * <p>Token rules, applied after the pass so that {@link TokenUsage#input()} always includes cached
 * tokens and {@link TokenUsage#output()} always includes reasoning tokens:
 *
 * <ul>
 *   <li>OTel GenAI, OpenInference, OpenLLMetry and Lumina's flat keys report input including cache
 *       reads and writes (their Anthropic instrumentations add Anthropic's separate counts): taken
 *       as is.
 *   <li>Vercel AI SDK 4 and 5 spans (any {@code ai.*} key on the span) carry Anthropic's and
 *       Bedrock's raw input count, which excludes the cache, in both {@code ai.usage.*} and {@code
 *       gen_ai.usage.input_tokens}: cache read and write are added for those providers. AI SDK 6
 *       spans (with {@code ai.usage.inputTokenDetails.*}) count the cache in the input already.
 *   <li>Any convention: input smaller than cache read + write cannot include them, so they are
 *       added; output smaller than reasoning cannot include it (Gemini's candidate count), so it is
 *       added.
 * </ul>
 *
 * <p>Usage role ({@link UsageRole}): a span that reports usage is a call unless one of its own
 * attributes in {@link AttributeMapping#ROLE_RULES} marks it as repeating the usage of the calls
 * below it (the AI SDK's outer spans, OpenInference CHAIN/AGENT..., OpenLLMetry workflow/task).
 *
 * <p>Stateless and thread-safe: one instance serves every worker thread.
 */
public final class SpanNormalizer {

  private static final int FIELDS = StandardField.values().length;

  public NormalizedSpan normalize(Resource resource, Span span) {
    Pass pass = new Pass();
    for (KeyValue kv : span.getAttributesList()) {
      pass.attribute(kv, 0);
    }
    for (Span.Event event : span.getEventsList()) {
      pass.event(event);
    }
    if (resource != null) {
      for (KeyValue kv : resource.getAttributesList()) {
        pass.attribute(kv, AttributeMapping.RESOURCE_RANK);
      }
    }
    return pass.result(span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR);
  }

  /** The state of one normalize call: the best value seen so far per field, by rank. */
  private static final class Pass {
    private final Object[] values = new Object[FIELDS];
    private final int[] ranks = new int[FIELDS];
    private IndexedMessages indexedIn;
    private IndexedMessages indexedOut;
    private List<Message> eventsIn;
    private List<Message> eventsOut;
    private boolean exception;
    private boolean vercel;
    private boolean vercelInputIncludesCache;
    private UsageRole marker;

    Pass() {
      Arrays.fill(ranks, Integer.MAX_VALUE);
    }

    void attribute(KeyValue kv, int rankOffset) {
      String key = kv.getKey();
      if (rankOffset == 0 && key.startsWith(AttributeMapping.VERCEL_INPUT_DETAILS)) {
        vercelInputIncludesCache = true;
      }
      Rule rule = AttributeMapping.rule(key);
      if (rule != null) {
        vercel |= rule.convention() == Convention.VERCEL_AI && rankOffset == 0;
        offer(rule, kv.getValue(), rule.priority() + rankOffset);
        return;
      }
      RoleRule roleRule = AttributeMapping.roleRule(key);
      if (roleRule != null) {
        // a span's own marker only: a resource says nothing about one span's place in the trace
        UsageRole role =
            rankOffset == 0 ? roleRule.roles().get(AttributeValues.string(kv.getValue())) : null;
        if (role != null && marker != UsageRole.AGGREGATE) {
          marker = role;
        }
        return;
      }
      for (IndexedRule indexed : AttributeMapping.INDEXED_RULES) {
        int index = indexed.indexIn(key);
        if (index >= 0) {
          indexedMessage(indexed, index, kv.getValue(), indexed.priority() + rankOffset);
          return;
        }
      }
    }

    void event(Span.Event event) {
      EventRule rule = AttributeMapping.event(event.getName());
      if (rule == null) {
        return;
      }
      switch (rule.kind()) {
        case EXCEPTION -> exception = true;
        case ATTRIBUTES -> {
          for (KeyValue kv : event.getAttributesList()) {
            attribute(kv, AttributeMapping.EVENT_RANK);
          }
        }
        case INPUT_MESSAGE -> {
          eventsIn = add(eventsIn, eventMessage(event, rule.role()));
        }
        case OUTPUT_MESSAGE -> {
          eventsOut = add(eventsOut, eventMessage(event, rule.role()));
        }
      }
    }

    private void offer(Rule rule, AnyValue value, int rank) {
      int f = rule.field().ordinal();
      if (rank >= ranks[f]) {
        return;
      }
      Object converted = convert(rule.field(), value);
      if (converted != null) {
        values[f] = converted;
        ranks[f] = rank;
      }
    }

    private void indexedMessage(IndexedRule rule, int index, AnyValue value, int rank) {
      boolean input =
          rule.field() == StandardField.INPUT_MESSAGE_ROLE
              || rule.field() == StandardField.INPUT_MESSAGE_CONTENT;
      IndexedMessages messages;
      if (input) {
        messages = indexedIn = indexedIn == null ? new IndexedMessages(rank) : indexedIn;
      } else {
        messages = indexedOut = indexedOut == null ? new IndexedMessages(rank) : indexedOut;
      }
      messages.rank = Math.min(messages.rank, rank);
      switch (rule.field()) {
        case INPUT_MESSAGE_ROLE, OUTPUT_MESSAGE_ROLE ->
            messages.role(index, AttributeValues.string(value));
        default -> messages.content(index, MessageExtractor.contentText(value));
      }
    }

    private static Message eventMessage(Span.Event event, String defaultRole) {
      String role = defaultRole;
      Message body = null;
      for (KeyValue kv : event.getAttributesList()) {
        switch (kv.getKey()) {
          case "role" -> role = AttributeValues.string(kv.getValue());
          case "content", "gen_ai.event.content", "body" ->
              body = new Message(null, MessageExtractor.contentText(kv.getValue()));
          case "message" -> body = MessageExtractor.messageIn(kv.getValue(), null);
          default -> {}
        }
      }
      if (body != null && body.role() != null && Objects.equals(role, defaultRole)) {
        role = body.role();
      }
      return new Message(role, body == null ? null : body.content());
    }

    private static List<Message> add(List<Message> list, Message m) {
      List<Message> l = list == null ? new ArrayList<>(4) : list;
      l.add(m);
      return l;
    }

    private static Object convert(StandardField field, AnyValue value) {
      return switch (field) {
        case INPUT_TOKENS,
            OUTPUT_TOKENS,
            TOTAL_TOKENS,
            CACHE_READ_TOKENS,
            CACHE_WRITE_TOKENS,
            REASONING_TOKENS,
            MAX_TOKENS ->
            AttributeValues.count(value);
        case COST_USD, PROMPT_TOKEN_PRICE, COMPLETION_TOKEN_PRICE, TEMPERATURE -> {
          Double d = AttributeValues.number(value);
          yield d != null && (field == StandardField.TEMPERATURE || d >= 0) ? d : null;
        }
        case MODEL, PROVIDER, USER_ID, SESSION_ID, STATUS -> AttributeValues.string(value);
        default -> isEmpty(value) ? null : value;
      };
    }

    /** Says nothing: unset, blank, or an empty JSON payload such as {"args":[],"kwargs":{}}. */
    private static boolean isEmpty(AnyValue v) {
      return v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET
          || (v.hasStringValue() && MessageExtractor.isEmptyPayload(v.getStringValue()));
    }

    NormalizedSpan result(boolean otlpError) {
      String provider = Providers.canonical((String) values[StandardField.PROVIDER.ordinal()]);
      TokenUsage tokens = tokens(provider);

      Extracted in = pick(StandardField.INPUT, indexedIn, eventsIn);
      Extracted out = pick(StandardField.OUTPUT, indexedOut, eventsOut);
      // one system prompt wherever the span put it: apart, in the request object, or as messages
      AnyValue system = (AnyValue) values[StandardField.SYSTEM_PROMPT.ordinal()];
      String systemApart =
          system != null ? MessageExtractor.contentText(system) : (in != null ? in.system() : null);
      List<Message> inputMessages = in != null && in.hasMessages() ? in.messages() : List.of();
      String systemPrompt =
          systemApart != null ? systemApart : MessageExtractor.systemText(inputMessages);
      if (systemApart != null
          && !inputMessages.isEmpty()
          && MessageExtractor.systemText(inputMessages) == null) {
        inputMessages = MessageExtractor.withSystem(systemApart, inputMessages);
      }

      Double temperature = (Double) values[StandardField.TEMPERATURE.ordinal()];
      Long maxTokens = (Long) values[StandardField.MAX_TOKENS.ordinal()];
      AnyValue params = (AnyValue) values[StandardField.INVOCATION_PARAMETERS.ordinal()];
      if (params != null && (temperature == null || maxTokens == null)) {
        InvocationParameters p = InvocationParameters.parse(AttributeValues.string(params));
        temperature = temperature != null ? temperature : p.temperature();
        maxTokens = maxTokens != null ? maxTokens : p.maxTokens();
      }

      return new NormalizedSpan(
          (String) values[StandardField.MODEL.ordinal()],
          provider,
          tokens,
          in == null
              ? null
              : (in.hasMessages() ? MessageExtractor.readable(in.messages()) : in.text()),
          out == null
              ? null
              : (out.hasMessages() ? MessageExtractor.readable(out.messages()) : out.text()),
          inputMessages.isEmpty() ? null : MessageExtractor.messagesJson(inputMessages),
          systemPrompt,
          (String) values[StandardField.USER_ID.ordinal()],
          (String) values[StandardField.SESSION_ID.ordinal()],
          status(otlpError),
          (Double) values[StandardField.COST_USD.ordinal()],
          (Double) values[StandardField.PROMPT_TOKEN_PRICE.ordinal()],
          (Double) values[StandardField.COMPLETION_TOKEN_PRICE.ordinal()],
          temperature,
          maxTokens,
          marker);
    }

    /** The best of the single-valued attribute, the indexed messages and the message events. */
    private Extracted pick(StandardField field, IndexedMessages indexed, List<Message> events) {
      int attributeRank = ranks[field.ordinal()];
      int indexedRank = indexed == null ? Integer.MAX_VALUE : indexed.rank;
      int eventRank =
          events == null
              ? Integer.MAX_VALUE
              : AttributeMapping.EVENT_RANK + AttributeMapping.INDEXED_MESSAGES_PRIORITY;
      if (attributeRank <= indexedRank && attributeRank <= eventRank) {
        AnyValue v = (AnyValue) values[field.ordinal()];
        return v == null ? null : MessageExtractor.extract(v);
      }
      if (indexedRank <= eventRank) {
        return new Extracted(indexed.messages(), null, null);
      }
      return new Extracted(List.copyOf(events), null, null);
    }

    private TokenUsage tokens(String provider) {
      Long input = (Long) values[StandardField.INPUT_TOKENS.ordinal()];
      Long output = (Long) values[StandardField.OUTPUT_TOKENS.ordinal()];
      Long cacheRead = (Long) values[StandardField.CACHE_READ_TOKENS.ordinal()];
      Long cacheWrite = (Long) values[StandardField.CACHE_WRITE_TOKENS.ordinal()];
      Long reasoning = (Long) values[StandardField.REASONING_TOKENS.ordinal()];
      // saturating: absurd counts must reach the storage's range check, not overflow to negative
      long cached =
          saturatedAdd(cacheRead == null ? 0 : cacheRead, cacheWrite == null ? 0 : cacheWrite);
      if (input != null && cached > 0) {
        // AI SDK 4 and 5 also copy their raw count into gen_ai.usage.input_tokens: judge by the
        // emitter; AI SDK 6 (input token details present) counts the cache in inputTokens
        boolean excludesCache =
            vercel
                && !vercelInputIncludesCache
                && ("anthropic".equals(provider) || "aws.bedrock".equals(provider));
        if (excludesCache || input < cached) {
          input = saturatedAdd(input, cached);
        }
      }
      if (output != null && reasoning != null && output < reasoning) {
        output = saturatedAdd(output, reasoning);
      }
      return new TokenUsage(
          input,
          output,
          (Long) values[StandardField.TOTAL_TOKENS.ordinal()],
          cacheRead,
          cacheWrite,
          reasoning);
    }

    private static long saturatedAdd(long a, long b) {
      long sum = a + b;
      return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private SpanStatus status(boolean otlpError) {
      if (otlpError || exception) {
        return SpanStatus.ERROR;
      }
      String s = (String) values[StandardField.STATUS.ordinal()];
      if (s != null) {
        if (s.equalsIgnoreCase("degraded")) {
          return SpanStatus.DEGRADED;
        }
        if (s.equalsIgnoreCase("error")) {
          return SpanStatus.ERROR;
        }
      }
      return SpanStatus.OK;
    }
  }

  /** Messages sent as {@code prefix.N.role} / {@code prefix.N.content} keys, in index order. */
  private static final class IndexedMessages {
    private static final int MAX_INDEX = 1000;
    private String[] roles = new String[4];
    private String[] contents = new String[4];
    private int size;
    int rank;

    IndexedMessages(int rank) {
      this.rank = rank;
    }

    void role(int index, String role) {
      if (ensure(index)) {
        roles[index] = role;
      }
    }

    void content(int index, String content) {
      if (ensure(index)) {
        contents[index] = content;
      }
    }

    private boolean ensure(int index) {
      if (index >= MAX_INDEX) {
        return false;
      }
      if (index >= roles.length) {
        int n = Math.max(index + 1, roles.length * 2);
        roles = Arrays.copyOf(roles, n);
        contents = Arrays.copyOf(contents, n);
      }
      size = Math.max(size, index + 1);
      return true;
    }

    List<Message> messages() {
      List<Message> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        if (roles[i] != null || contents[i] != null) {
          list.add(new Message(roles[i], contents[i]));
        }
      }
      return List.copyOf(list);
    }
  }
}
