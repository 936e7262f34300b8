package io.lumina.worker.sampling;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sampling policies by service, with a default for the others. Read from JSON with the SDK's option
 * names:
 *
 * <pre>{@code
 * {
 *   "samplingRate": 0.1,
 *   "alwaysSampleConditions": {"error": true, "costUsd": {"$gt": 0.5}, "userId": {"$in": ["vip-1"]}},
 *   "services": {
 *     "checkout": {"samplingRate": 1.0},
 *     "chatbot":  {"samplingRate": 0.05, "alwaysSampleConditions": {"error": true}}
 *   }
 * }
 * }</pre>
 *
 * A service entry replaces only what it states; the rest comes from the top level. Unknown keys and
 * operators are rejected, so a typo ({@code "$gte"}) fails at start instead of silently keeping
 * nothing.
 */
public record SamplingRules(SamplingPolicy defaultPolicy, Map<String, SamplingPolicy> services) {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final Set<String> POLICY_KEYS = Set.of("samplingRate", "alwaysSampleConditions");
  private static final Set<String> TOP_KEYS =
      Set.of("samplingRate", "alwaysSampleConditions", "services");
  private static final Set<String> CONDITION_KEYS = Set.of("error", "costUsd", "userId");

  public SamplingRules {
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    services = services == null ? Map.of() : Map.copyOf(services);
  }

  public static SamplingRules keepAll() {
    return new SamplingRules(SamplingPolicy.KEEP_ALL, Map.of());
  }

  public SamplingPolicy policyFor(String serviceName) {
    SamplingPolicy p = serviceName == null ? null : services.get(serviceName);
    return p != null ? p : defaultPolicy;
  }

  /** Parses the JSON shape above; throws IllegalArgumentException naming what is wrong. */
  public static SamplingRules parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "sampling rules are not valid JSON: " + e.getOriginalMessage(), e);
    }
    requireObject(root, TOP_KEYS, "sampling rules");
    SamplingPolicy defaults = policy(root, SamplingPolicy.KEEP_ALL, "sampling rules");
    Map<String, SamplingPolicy> services = new HashMap<>();
    JsonNode s = root.get("services");
    if (s != null) {
      if (!s.isObject()) {
        throw new IllegalArgumentException("services must be an object of service name -> policy");
      }
      for (Map.Entry<String, JsonNode> e : s.properties()) {
        requireObject(e.getValue(), POLICY_KEYS, "service " + e.getKey());
        services.put(e.getKey(), policy(e.getValue(), defaults, "service " + e.getKey()));
      }
    }
    return new SamplingRules(defaults, services);
  }

  private static SamplingPolicy policy(JsonNode node, SamplingPolicy inherited, String where) {
    double rate = inherited.samplingRate();
    JsonNode r = node.get("samplingRate");
    if (r != null) {
      if (!r.isNumber()) {
        throw new IllegalArgumentException(where + ": samplingRate must be a number");
      }
      rate = r.doubleValue();
    }
    AlwaysSampleConditions conditions = inherited.alwaysSample();
    JsonNode c = node.get("alwaysSampleConditions");
    if (c != null) {
      conditions = conditions(c, where);
    }
    try {
      return new SamplingPolicy(rate, conditions);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static AlwaysSampleConditions conditions(JsonNode c, String where) {
    requireObject(c, CONDITION_KEYS, where + " alwaysSampleConditions");
    boolean error = false;
    JsonNode e = c.get("error");
    if (e != null) {
      if (!e.isBoolean()) {
        throw new IllegalArgumentException(where + ": error must be true or false");
      }
      error = e.booleanValue();
    }
    BigDecimal costAbove = null;
    JsonNode cost = c.get("costUsd");
    if (cost != null) {
      requireObject(cost, Set.of("$gt"), where + " costUsd");
      JsonNode gt = cost.get("$gt");
      if (gt == null || !gt.isNumber()) {
        throw new IllegalArgumentException(where + ": costUsd needs {\"$gt\": number}");
      }
      costAbove = gt.decimalValue();
    }
    Set<String> users = new HashSet<>();
    JsonNode user = c.get("userId");
    if (user != null) {
      requireObject(user, Set.of("$in"), where + " userId");
      JsonNode in = user.get("$in");
      if (in == null || !in.isArray()) {
        throw new IllegalArgumentException(where + ": userId needs {\"$in\": [ids]}");
      }
      for (JsonNode id : in) {
        if (!id.isString()) {
          throw new IllegalArgumentException(where + ": userId $in holds strings only");
        }
        users.add(id.stringValue());
      }
    }
    try {
      return new AlwaysSampleConditions(error, costAbove, users);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
    }
  }

  private static void requireObject(JsonNode node, Set<String> allowed, String where) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object");
    }
    for (String name : node.propertyNames()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            where + ": unknown key '" + name + "', expected one of " + allowed);
      }
    }
  }
}
