package io.lumina.query.search;

import io.lumina.api.traces.SearchParams;
import io.lumina.model.SpanStatus;
import io.lumina.query.web.BadParameterException;
import io.lumina.storage.traces.Cursor;
import io.lumina.storage.traces.SearchQuery;
import io.lumina.storage.traces.Sort;
import io.lumina.storage.traces.SpanFilters;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the raw list parameters into a {@link SearchQuery}, or throws {@link BadParameterException}
 * naming the first bad parameter. Unknown parameters are refused too: a typo such as {@code
 * servce=} would otherwise silently return everything.
 */
public final class FilterParser {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;
  static final int MAX_TEXT = 512;
  static final int MAX_QUERY_TEXT = 200;
  static final int MAX_ATTRIBUTE_FILTERS = 10;
  public static final String ATTRIBUTE_PREFIX = "attr.";

  /** Every query parameter of the trace and span lists, {@code attr.<key>} filters aside. */
  public static final List<String> PARAMETERS =
      List.of(
          "service",
          "model",
          "provider",
          "status",
          "userId",
          "sessionId",
          "name",
          "minCost",
          "maxCost",
          "minLatencyMs",
          "maxLatencyMs",
          "from",
          "to",
          "before",
          "q",
          "sort",
          "order",
          "cursor",
          "limit");

  private static final Set<String> KNOWN = Set.copyOf(PARAMETERS);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private FilterParser() {}

  /**
   * @param requestParameters every query parameter of the request, for {@code attr.*}, repeated and
   *     unknown parameters
   */
  public static SearchQuery parse(
      SearchParams p, Map<String, String[]> requestParameters, boolean spanLevel) {
    List<SpanFilters.AttributeFilter> attributes = new ArrayList<>();
    for (Map.Entry<String, String[]> e : requestParameters.entrySet()) {
      String key = e.getKey();
      if (e.getValue().length > 1) {
        throw new BadParameterException(key, key + " is given more than once");
      }
      if (key.startsWith(ATTRIBUTE_PREFIX)) {
        attributes.add(attribute(key, e.getValue()[0]));
      } else if (key.equals("attr")) {
        throw new BadParameterException(key, "attribute filters are written attr.<key>=<value>");
      } else if (!KNOWN.contains(key)) {
        throw new BadParameterException(key, "unknown parameter " + key);
      }
    }
    if (attributes.size() > MAX_ATTRIBUTE_FILTERS) {
      throw new BadParameterException(
          "attr", "at most " + MAX_ATTRIBUTE_FILTERS + " attribute filters");
    }
    Instant from = TimeParam.parse("from", p.from());
    Instant to = TimeParam.parse("to", p.to());
    Instant before = TimeParam.parse("before", p.before());
    if (before != null && (to == null || before.isBefore(to))) {
      to = before;
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new BadParameterException(
          p.from() != null && p.to() != null ? "to" : "before",
          "the time range is empty: from must be before to/before");
    }
    BigDecimal minCost = decimal("minCost", p.minCost());
    BigDecimal maxCost = decimal("maxCost", p.maxCost());
    if (minCost != null && maxCost != null && minCost.compareTo(maxCost) > 0) {
      throw new BadParameterException("maxCost", "maxCost must not be below minCost");
    }
    Double minLatency = number("minLatencyMs", p.minLatencyMs());
    Double maxLatency = number("maxLatencyMs", p.maxLatencyMs());
    if (minLatency != null && maxLatency != null && minLatency > maxLatency) {
      throw new BadParameterException(
          "maxLatencyMs", "maxLatencyMs must not be below minLatencyMs");
    }
    String q = text("q", p.q(), MAX_QUERY_TEXT);
    SpanFilters filters =
        new SpanFilters(
            text("service", p.service(), MAX_TEXT),
            text("model", p.model(), MAX_TEXT),
            text("provider", p.provider(), MAX_TEXT),
            status(p.status()),
            text("userId", p.userId(), MAX_TEXT),
            text("sessionId", p.sessionId(), MAX_TEXT),
            text("name", p.name(), MAX_TEXT),
            minCost,
            maxCost,
            minLatency,
            maxLatency,
            from,
            to,
            attributes,
            q);

    Sort sort = p.sort() == null ? Sort.TIME : Sort.parse(p.sort());
    if (sort == null) {
      throw new BadParameterException("sort", "sort must be time, cost or latency: " + p.sort());
    }
    boolean descending;
    if (p.order() == null || p.order().equals("desc")) {
      descending = true;
    } else if (p.order().equals("asc")) {
      descending = false;
    } else {
      throw new BadParameterException("order", "order must be desc or asc: " + p.order());
    }
    Cursor cursor = p.cursor() == null ? null : cursor(p.cursor(), sort, descending, spanLevel);
    return new SearchQuery(filters, sort, descending, cursor, limit(p.limit()));
  }

  /** The cursor of a previous page of the same list (same sort and order), or a 400. */
  public static Cursor cursor(String value, Sort sort, boolean descending, boolean spanLevel) {
    try {
      return Cursor.decode(value, sort, descending, spanLevel);
    } catch (IllegalArgumentException e) {
      throw new BadParameterException("cursor", e.getMessage());
    }
  }

  public static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // the message below
    }
    throw new BadParameterException(
        "limit", "limit must be a whole number between 1 and " + MAX_LIMIT + ": " + value);
  }

  static String text(String name, String value, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty()) {
      throw new BadParameterException(name, name + " must not be empty");
    }
    if (value.length() > maxLength) {
      throw new BadParameterException(name, name + " is longer than " + maxLength + " characters");
    }
    if (value.indexOf('\0') >= 0) {
      // PostgreSQL text cannot hold NUL: refusing it here keeps it a 400 instead of a driver error
      throw new BadParameterException(name, name + " must not contain NUL characters");
    }
    return value;
  }

  private static String status(String value) {
    if (value == null) {
      return null;
    }
    for (SpanStatus s : SpanStatus.values()) {
      if (s.name().toLowerCase(Locale.ROOT).equals(value)) {
        return value;
      }
    }
    throw new BadParameterException("status", "status must be ok, error or degraded: " + value);
  }

  public static BigDecimal decimal(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(value.strip());
      if (d.signum() < 0 || d.compareTo(BigDecimal.valueOf(1_000_000_000L)) > 0) {
        throw new BadParameterException(name, name + " must be between 0 and 1e9: " + value);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new BadParameterException(name, name + " must be a decimal number: " + value);
    }
  }

  private static Double number(String name, String value) {
    BigDecimal d = decimal(name, value);
    return d == null ? null : d.doubleValue();
  }

  private static SpanFilters.AttributeFilter attribute(String parameter, String value) {
    String key = parameter.substring(ATTRIBUTE_PREFIX.length());
    if (key.isEmpty()) {
      throw new BadParameterException(
          parameter, "attribute filter needs a key: attr.<key>=<value>");
    }
    text(parameter, key, MAX_TEXT);
    if (value == null) {
      throw new BadParameterException(parameter, parameter + " needs a value");
    }
    if (value.length() > MAX_TEXT || value.indexOf('\0') >= 0) {
      throw new BadParameterException(parameter, parameter + " value is too long or contains NUL");
    }
    List<JsonNode> values = new ArrayList<>(2);
    values.add(JSON.getNodeFactory().stringNode(value));
    if (value.equals("true") || value.equals("false")) {
      values.add(JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value)));
    } else if (value.matches("-?\\d{1,18}")) {
      values.add(JSON.getNodeFactory().numberNode(Long.parseLong(value)));
    } else if (value.matches("-?\\d{1,15}\\.\\d{1,15}([eE][-+]?\\d{1,3})?")) {
      double d = Double.parseDouble(value);
      if (Double.isFinite(d)) {
        values.add(JSON.getNodeFactory().numberNode(d));
      }
    }
    return new SpanFilters.AttributeFilter(
        key, value, values.stream().map(JSON::writeValueAsString).toList());
  }
}
