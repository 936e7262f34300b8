package io.lumina.conventions;

import tools.jackson.databind.JsonNode;

/**
 * The request parameters OpenInference puts in {@code llm.invocation_parameters} as one JSON
 * object. Read only when no direct attribute gave temperature or max tokens, so most spans never
 * parse it.
 */
record InvocationParameters(Double temperature, Long maxTokens) {

  private static final InvocationParameters NONE = new InvocationParameters(null, null);
  private static final String[] MAX_TOKEN_KEYS = {
    "max_tokens", "max_completion_tokens", "max_output_tokens", "maxTokens", "maxOutputTokens"
  };

  static InvocationParameters parse(String json) {
    JsonNode node = json == null ? null : MessageExtractor.parseObject(json);
    if (node == null) {
      return NONE;
    }
    Double temperature = null;
    JsonNode t = node.get("temperature");
    if (t != null && t.isNumber()) {
      temperature = t.doubleValue();
    }
    Long maxTokens = null;
    for (String key : MAX_TOKEN_KEYS) {
      JsonNode m = node.get(key);
      if (m != null && m.isNumber() && m.longValue() >= 0) {
        maxTokens = m.longValue();
        break;
      }
    }
    return new InvocationParameters(temperature, maxTokens);
  }
}
