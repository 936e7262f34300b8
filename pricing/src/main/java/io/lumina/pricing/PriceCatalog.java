package io.lumina.pricing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bundled, dated list of model prices (see {@code pricing/catalog-YYYY-MM-DD.json}). Loading
 * validates everything — unknown fields, prices out of range, patterns that do not compile or do
 * not match their own id, providers without a source — and throws {@link InvalidCatalogException},
 * so a bad catalog fails the service at start rather than mispricing spans for weeks.
 *
 * <p>Each entry's pattern is {@code (?:match)} followed by {@link #VERSION_SUFFIX}, matched in full
 * against the canonical model name ({@link ModelNames}); {@code match} defaults to the quoted id.
 * When several entries match, the one with the longest id wins, so {@code gpt-4o-mini} never gets
 * {@code gpt-4o}'s price and {@code gpt-4o-2024-05-13} can keep its own.
 */
public final class PriceCatalog {

  /** The catalog shipped in the jar. */
  public static final String BUNDLED_RESOURCE = "/pricing/catalog-2026-11-01.json";

  /**
   * Date and version suffixes providers append to a model id: {@code -2024-08-06}, {@code
   * -20241022}, {@code -0613}, {@code -002}, {@code -08-2024}, {@code -05-06}, {@code -latest},
   * {@code -v2}, {@code -preview}, {@code -exp}. Deliberately not {@code -mini} or {@code -pro}:
   * those are other models.
   */
  public static final String VERSION_SUFFIX =
      "(?:-(?:\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4}|\\d{3}|\\d{2}-\\d{4}|\\d{2}-\\d{2}|latest"
          + "|v\\d+|preview|exp))*";

  private static final Set<String> MODEL_FIELDS =
      Set.of(
          "id",
          "provider",
          "match",
          "input",
          "output",
          "cacheRead",
          "cacheWrite",
          "reasoning",
          "tiers",
          "note");
  private static final Set<String> TIER_FIELDS =
      Set.of("inputAbove", "input", "output", "cacheRead", "cacheWrite", "reasoning");
  private static final Set<String> TOP_FIELDS =
      Set.of("version", "currency", "unit", "description", "sources", "models");
  // exact decimals: 0.075 must stay 0.075, not the nearest double
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final String version;
  private final Map<String, List<String>> sources;
  private final List<CatalogEntry> entries;
  private final ModelMatcher<CatalogEntry> matcher;

  private PriceCatalog(
      String version, Map<String, List<String>> sources, List<CatalogEntry> entries) {
    this.version = version;
    this.sources = sources;
    this.entries = entries;
    List<ModelMatcher.Candidate<CatalogEntry>> candidates = new ArrayList<>(entries.size());
    for (CatalogEntry e : entries) {
      candidates.add(new ModelMatcher.Candidate<>(e.id(), e.pattern(), e.id().length(), e));
    }
    this.matcher = new ModelMatcher<>(candidates);
  }

  /** Loads the bundled catalog. Each call loads a fresh instance; services keep one. */
  public static PriceCatalog bundled() {
    try (InputStream in = PriceCatalog.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      if (in == null) {
        throw new InvalidCatalogException(
            "bundled catalog missing from the classpath: " + BUNDLED_RESOURCE);
      }
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PriceCatalog load(InputStream json) {
    try {
      return fromTree(JSON.readTree(json));
    } catch (JacksonException e) {
      throw new InvalidCatalogException(
          "pricing catalog is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static PriceCatalog parse(String json) {
    try {
      return fromTree(JSON.readTree(json));
    } catch (JacksonException e) {
      throw new InvalidCatalogException(
          "pricing catalog is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public String version() {
    return version;
  }

  /** Provider -> the pricing pages the prices were taken from. */
  public Map<String, List<String>> sources() {
    return sources;
  }

  public List<CatalogEntry> entries() {
    return entries;
  }

  /**
   * The entry pricing this model name (any accepted spelling), if any. No regex after the first
   * call.
   */
  public Optional<CatalogEntry> find(String model) {
    return matcher.match(model).map(ModelMatcher.Candidate::value);
  }

  private static PriceCatalog fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new InvalidCatalogException("pricing catalog must be a JSON object");
    }
    checkFields(root, TOP_FIELDS, "catalog");
    String version = requiredText(root, "version", "catalog");
    if (!"USD".equals(requiredText(root, "currency", "catalog"))) {
      throw new InvalidCatalogException("catalog currency must be USD");
    }
    if (!"per 1M tokens".equals(requiredText(root, "unit", "catalog"))) {
      throw new InvalidCatalogException("catalog unit must be 'per 1M tokens'");
    }
    Map<String, List<String>> sources = sources(root.get("sources"));
    JsonNode models = root.get("models");
    if (models == null || !models.isArray() || models.isEmpty()) {
      throw new InvalidCatalogException("catalog has no models");
    }
    List<CatalogEntry> entries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode m : models) {
      CatalogEntry e = entry(m);
      if (!ids.add(e.id())) {
        throw new InvalidCatalogException("model listed twice: " + e.id());
      }
      if (!sources.containsKey(e.provider())) {
        throw new InvalidCatalogException(
            "provider " + e.provider() + " of " + e.id() + " has no source");
      }
      entries.add(e);
    }
    return new PriceCatalog(version, sources, List.copyOf(entries));
  }

  private static Map<String, List<String>> sources(JsonNode node) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new InvalidCatalogException("catalog needs a sources object: provider -> pricing URLs");
    }
    Map<String, List<String>> sources = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      List<String> urls = new ArrayList<>();
      if (!e.getValue().isArray() || e.getValue().isEmpty()) {
        throw new InvalidCatalogException("sources of " + e.getKey() + " must be a non-empty list");
      }
      for (JsonNode url : e.getValue()) {
        if (!url.isString() || !url.stringValue().startsWith("https://")) {
          throw new InvalidCatalogException(
              "source of " + e.getKey() + " is not an https URL: " + url);
        }
        urls.add(url.stringValue());
      }
      sources.put(e.getKey(), List.copyOf(urls));
    }
    return Collections.unmodifiableMap(sources);
  }

  private static CatalogEntry entry(JsonNode m) {
    String id = requiredText(m, "id", "model");
    try {
      checkFields(m, MODEL_FIELDS, id);
      String provider = requiredText(m, "provider", id);
      String match = m.has("match") ? requiredText(m, "match", id) : Pattern.quote(id);
      Pattern pattern = Pattern.compile("(?:" + match + ")" + VERSION_SUFFIX);
      if (!pattern.matcher(ModelNames.canonical(id)).matches()) {
        throw new InvalidCatalogException("pattern of " + id + " does not match its own id");
      }
      TokenRates base = rates(m, id);
      List<PriceTier> tiers = new ArrayList<>();
      if (m.has("tiers")) {
        for (JsonNode t : m.get("tiers")) {
          checkFields(t, TIER_FIELDS, id + " tier");
          // a tier must restate every price its base states, so nothing silently reverts to list
          // input
          for (String kind : List.of("cacheRead", "cacheWrite", "reasoning")) {
            if (m.has(kind) && !t.has(kind)) {
              throw new InvalidCatalogException("tier of " + id + " must state " + kind);
            }
          }
          JsonNode above = t.get("inputAbove");
          if (above == null || !above.isIntegralNumber()) {
            throw new InvalidCatalogException("tier of " + id + " needs a whole inputAbove");
          }
          TokenRates rates = rates(t, id + " tier");
          if (rates.input().compareTo(base.input()) < 0) {
            throw new InvalidCatalogException(
                "tier of " + id + " is cheaper than its base input price");
          }
          tiers.add(new PriceTier(above.longValue(), rates));
        }
      }
      return new CatalogEntry(id, provider, pattern, new ModelPrice(base, tiers));
    } catch (IllegalArgumentException | PatternSyntaxException e) {
      throw new InvalidCatalogException("bad catalog entry " + id + ": " + e.getMessage(), e);
    }
  }

  private static TokenRates rates(JsonNode node, String where) {
    return new TokenRates(
        price(node, "input", true, where),
        price(node, "output", true, where),
        price(node, "cacheRead", false, where),
        price(node, "cacheWrite", false, where),
        price(node, "reasoning", false, where));
  }

  private static BigDecimal price(JsonNode node, String field, boolean required, String where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new InvalidCatalogException(where + " has no " + field + " price");
      }
      return null;
    }
    if (!v.isNumber()) {
      throw new InvalidCatalogException(where + ": " + field + " price is not a number: " + v);
    }
    return v.decimalValue();
  }

  private static String requiredText(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isString() || v.stringValue().isBlank()) {
      throw new InvalidCatalogException(where + " needs a non-blank " + field);
    }
    return v.stringValue();
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String where) {
    if (!node.isObject()) {
      throw new InvalidCatalogException(where + " must be a JSON object");
    }
    for (String name : node.propertyNames()) {
      if (!allowed.contains(name)) {
        throw new InvalidCatalogException(where + " has an unknown field '" + name + "' (typo?)");
      }
    }
  }
}
