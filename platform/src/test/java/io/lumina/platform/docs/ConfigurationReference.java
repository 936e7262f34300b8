package io.lumina.platform.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generated part of docs/configuration.md: every {@code lumina.*} property from the
 * configuration metadata that Spring's annotation processor writes for each module ({@code
 * META-INF/spring-configuration-metadata.json}, plus any {@code
 * additional-spring-configuration-metadata.json}), and the environment variables the services'
 * configuration files ({@code lumina-<service>.yml}) bind.
 */
final class ConfigurationReference {

  /** The services whose {@code lumina-<service>.yml} is their Spring configuration file. */
  static final List<String> SERVICES =
      List.of("ingestion-service", "worker", "query-api", "replay-engine", "dashboard");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");
  private static final Pattern JAR = Pattern.compile(".*/([a-z0-9-]+?)-\\d[^/]*\\.jar!/.*");
  private static final Pattern DIRECTORY = Pattern.compile(".*/([a-z0-9-]+)/target/classes/.*");

  /** One property as the metadata describes it. */
  record Property(
      String name,
      String type,
      String defaultValue,
      String description,
      String sourceType,
      String module) {}

  /** An environment variable a service's configuration file binds to a property. */
  record Binding(String variable, String property, String defaultValue, Set<String> services) {}

  final List<Property> properties;
  final Map<String, String> groupTypes;
  final List<Binding> bindingList;
  final Map<String, Binding> bindingsByProperty = new TreeMap<>();

  private ConfigurationReference(
      List<Property> properties, Map<String, String> groupTypes, List<Binding> bindingList) {
    this.properties = properties;
    this.groupTypes = groupTypes;
    this.bindingList = bindingList;
    for (Binding b : bindingList) {
      Binding other = bindingsByProperty.putIfAbsent(b.property(), b);
      if (other != null && b.property().startsWith("lumina.")) {
        throw new IllegalStateException(b.property() + " is bound differently by the services");
      }
    }
  }

  /**
   * Reads every module's metadata and every service's configuration file from the classpath.
   *
   * @param more metadata of modules kept off the classpath, by module name
   */
  static ConfigurationReference fromClasspath(ClassLoader loader, Map<String, URL> more) {
    Map<String, Property> properties = new TreeMap<>();
    Map<String, String> groupTypes = new TreeMap<>();
    JsonMapper json = JsonMapper.builder().build();
    Map<URL, String> sources = new LinkedHashMap<>();
    for (String resource :
        List.of(
            "META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json")) {
      for (URL url : resources(loader, resource)) {
        sources.put(url, moduleOf(url.toString()));
      }
    }
    more.forEach((module, url) -> sources.put(url, module));
    for (Map.Entry<URL, String> source : sources.entrySet()) {
      {
        String module = source.getValue();
        JsonNode root = read(json, source.getKey());
        for (JsonNode g : root.path("groups")) {
          String name = g.path("name").asString();
          // top-level groups only: a record's own type is its source type
          if (name.startsWith("lumina.")
              && g.path("type").asString().equals(g.path("sourceType").asString())) {
            groupTypes.put(name, simpleName(g.path("type").asString()) + " (" + module + ")");
          }
        }
        for (JsonNode p : root.path("properties")) {
          String name = p.path("name").asString();
          if (!name.startsWith("lumina.")) {
            continue;
          }
          properties.merge(
              name,
              new Property(
                  name,
                  p.path("type").asString(""),
                  p.has("defaultValue") ? text(p.get("defaultValue")) : "",
                  p.path("description").asString(""),
                  p.path("sourceType").asString(""),
                  module),
              ConfigurationReference::richer);
        }
      }
    }
    return new ConfigurationReference(
        List.copyOf(properties.values()), groupTypes, bindings(loader));
  }

  /** The environment variable that sets {@code property}: the configuration file's, or Spring's. */
  String variableOf(String property) {
    Binding b = bindingsByProperty.get(property);
    return b != null ? b.variable() : relaxedVariable(property);
  }

  /** Spring's environment form of a property name: dots to underscores, dashes dropped. */
  static String relaxedVariable(String property) {
    return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** Every variable that sets something: configuration-file bindings and Spring's names. */
  Set<String> boundVariables() {
    Set<String> all = new TreeSet<>();
    bindingList.forEach(b -> all.add(b.variable()));
    properties.forEach(p -> all.add(relaxedVariable(p.name())));
    return all;
  }

  /** The generated Markdown, from its first heading to the end of the file. */
  String render() {
    StringBuilder out = new StringBuilder();
    out.append("## Environment variables of the services' configuration files\n\n")
        .append("Read from `lumina-<service>.yml` of each service; any other property can be set")
        .append(" through Spring's\nrelaxed binding (the *environment* column below).\n\n")
        .append("| variable | property | default | services |\n|---|---|---|---|\n");
    bindingList.stream()
        .sorted(Comparator.comparing(Binding::variable).thenComparing(Binding::property))
        .forEach(
            b ->
                out.append("| `")
                    .append(b.variable())
                    .append("` | `")
                    .append(b.property())
                    .append("` | ")
                    .append(code(b.defaultValue()))
                    .append(" | ")
                    .append(String.join(", ", b.services()))
                    .append(" |\n"));
    out.append("\n## Every `lumina.*` property\n\n")
        .append("From the `@ConfigurationProperties` records (each record's Javadoc is the")
        .append(
            " description), nested settings\nincluded. Area guides: [ingestion.md](ingestion.md),")
        .append(" [worker.md](worker.md), [alerts.md](alerts.md),\n[replay.md](replay.md),")
        .append(" [api.md](api.md), [dashboard.md](dashboard.md), [security.md](security.md).\n");
    Map<String, List<Property>> byGroup = new LinkedHashMap<>();
    for (Property p : properties) {
      byGroup.computeIfAbsent(groupOf(p.name()), g -> new ArrayList<>()).add(p);
    }
    byGroup.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              out.append("\n### `")
                  .append(e.getKey())
                  .append(".*`")
                  .append(
                      Optional.ofNullable(groupTypes.get(e.getKey())).map(t -> ": " + t).orElse(""))
                  .append("\n\n| property | type | default | environment | description |\n")
                  .append("|---|---|---|---|---|\n");
              for (Property p : e.getValue()) {
                Binding b = bindingsByProperty.get(p.name());
                out.append("| `")
                    .append(p.name())
                    .append("` | ")
                    .append(code(simpleType(p.type())))
                    .append(" | ")
                    .append(code(b != null ? b.defaultValue() : p.defaultValue()))
                    .append(" | `")
                    .append(variableOf(p.name()))
                    .append("` | ")
                    .append(cell(p.description()))
                    .append(" |\n");
              }
            });
    return out.toString();
  }

  private String groupOf(String property) {
    String best = property.substring(0, property.lastIndexOf('.'));
    String found = null;
    for (String g : groupTypes.keySet()) {
      if (property.startsWith(g + ".") && (found == null || g.length() > found.length())) {
        found = g;
      }
    }
    return found != null ? found : best;
  }

  private static List<Binding> bindings(ClassLoader loader) {
    Map<String, Binding> byKey = new TreeMap<>();
    for (String service : SERVICES) {
      URL url = loader.getResource("lumina-" + service + ".yml");
      if (url == null) {
        throw new IllegalStateException("lumina-" + service + ".yml is not on the classpath");
      }
      Map<String, Object> flat = new TreeMap<>();
      try (InputStream in = url.openStream()) {
        Object doc = new Yaml().load(in);
        flatten("", doc, flat);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      flat.forEach(
          (property, value) -> {
            Matcher m = PLACEHOLDER.matcher(String.valueOf(value));
            if (m.matches()) {
              // one row per property, variable and default: server.port differs by service
              byKey
                  .computeIfAbsent(
                      property + " " + m.group(1) + " " + m.group(2),
                      k -> new Binding(m.group(1), property, m.group(2), new TreeSet<>()))
                  .services()
                  .add(service);
            }
          });
    }
    return List.copyOf(byKey.values());
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Object node, Map<String, Object> out) {
    if (node instanceof Map<?, ?> map) {
      ((Map<String, Object>) map)
          .forEach((k, v) -> flatten(prefix.isEmpty() ? k : prefix + "." + k, v, out));
    } else if (node != null) {
      out.put(prefix, node);
    }
  }

  /** Of two entries for one property (a record and additional metadata), the one saying more. */
  private static Property richer(Property a, Property b) {
    return new Property(
        a.name(),
        a.type().isEmpty() ? b.type() : a.type(),
        a.defaultValue().isEmpty() ? b.defaultValue() : a.defaultValue(),
        a.description().isEmpty() ? b.description() : a.description(),
        a.sourceType().isEmpty() ? b.sourceType() : a.sourceType(),
        a.module());
  }

  static String moduleOf(String url) {
    Matcher jar = JAR.matcher(url);
    if (jar.matches()) {
      return jar.group(1);
    }
    Matcher dir = DIRECTORY.matcher(url);
    return dir.matches() ? dir.group(1) : "?";
  }

  private static List<URL> resources(ClassLoader loader, String name) {
    try {
      List<URL> urls = Collections.list(loader.getResources(name));
      urls.sort(Comparator.comparing(URL::toString));
      return urls;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(JsonMapper json, URL url) {
    try (InputStream in = url.openStream()) {
      return json.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(JsonNode value) {
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(v.asString()));
      return String.join(",", items);
    }
    return value.asString();
  }

  private static String simpleName(String type) {
    return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
  }

  /** {@code java.util.List<java.lang.String>} reads as {@code List<String>}. */
  static String simpleType(String type) {
    return type.replaceAll("(?:[a-z0-9_]+\\.)+([A-Z])", "$1").replace('$', '.');
  }

  private static String code(String value) {
    return value == null || value.isEmpty() ? "" : "`" + value.replace("|", "\\|") + "`";
  }

  /** Javadoc inline tags become Markdown code; the text stays on one table row. */
  static String cell(String description) {
    String text =
        description
            .replaceAll("\\{@(?:code|literal) ([^{}]*(?:\\{[^{}]*}[^{}]*)*)}", "`$1`")
            .replaceAll("\\{@link(?:plain)? ([^{}]*)}", "`$1`")
            .replaceAll("\\s+", " ")
            .strip();
    return text.replace("|", "\\|");
  }
}
