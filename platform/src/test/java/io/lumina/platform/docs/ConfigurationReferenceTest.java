package io.lumina.platform.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md and the code agree: everything below its marker line is generated from the
 * configuration metadata and the services' configuration files, and every environment variable the
 * page names sets something. Regenerate with {@code ./mvnw -o test -pl platform
 * -Dtest=ConfigurationReferenceTest -Dlumina.docs.write=true}.
 */
class ConfigurationReferenceTest {

  static final String MARKER =
      "<!-- Generated below this line by ConfigurationReferenceTest (platform); do not edit. -->";

  /** Read by the all-in-one launcher and its commands (PlatformSettings, SecretsCli, ./lumina). */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of(
          "LUMINA_HOME",
          "LUMINA_EMBEDDED_DB_PORT",
          "LUMINA_JAVA_OPTS",
          "LUMINA_DB_URL",
          "LUMINA_DB_USER",
          "LUMINA_DB_PASSWORD",
          "LUMINA_NATS_URL",
          "LUMINA_SECRET_KEY_OLD");

  /** Names of things that merely look like variables: two streams and a key-value bucket. */
  private static final Set<String> NOT_VARIABLES =
      Set.of("LUMINA_SPANS", "LUMINA_DEAD_LETTERS", "LUMINA_DAILY_TRACES");

  private static final Pattern VARIABLE =
      Pattern.compile("\\b(?:LUMINA|DAILY|TRACE|CLEANUP)_[A-Z0-9_]*[A-Z0-9]\\b");

  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  private final ConfigurationReference reference =
      ConfigurationReference.fromClasspath(getClass().getClassLoader(), starterMetadata());

  @Test
  void theDocumentIsWhatTheCodeSays() throws IOException {
    String current = Files.readString(DOC, StandardCharsets.UTF_8);
    int marker = current.indexOf(MARKER);
    assertThat(marker).as("marker line in " + DOC).isNotNegative();
    String expected = current.substring(0, marker) + MARKER + "\n\n" + reference.render();
    if (Boolean.getBoolean("lumina.docs.write")) {
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(current)
        .as("docs/configuration.md is stale: run with -Dlumina.docs.write=true")
        .isEqualTo(expected);
  }

  @Test
  void nestedSettingsAndEveryServiceAreCovered() {
    assertThat(reference.properties)
        .extracting(ConfigurationReference.Property::name)
        .contains(
            "lumina.query.cors.allowed-origins",
            "lumina.security.rate-limit.burst",
            "lumina.ingestion.otlp-port",
            "lumina.retention.days",
            "lumina.replay.concurrency",
            "lumina.dashboard.security.users",
            "lumina.nats.url",
            "lumina.queue.postgres.max-payload",
            "lumina.sdk.export.timeout");
    assertThat(reference.variableOf("lumina.security.admin-key")).isEqualTo("LUMINA_ADMIN_KEY");
    assertThat(reference.variableOf("lumina.worker.batch-size"))
        .isEqualTo("LUMINA_WORKER_BATCHSIZE");
  }

  @Test
  void everyVariableTheDocumentsNameSetsSomething() throws IOException {
    Set<String> bound = new TreeSet<>(reference.boundVariables());
    bound.addAll(LAUNCHER_VARIABLES);
    bound.addAll(NOT_VARIABLES);
    Set<String> unbound = new TreeSet<>();
    StringBuilder text = new StringBuilder(Files.readString(DOC, StandardCharsets.UTF_8));
    reference.properties.forEach(p -> text.append('\n').append(p.description()));
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      if (!bound.contains(m.group())) {
        unbound.add(m.group());
      }
    }
    assertThat(unbound).as("variables named in docs or Javadoc that set nothing").isEmpty();
  }

  private static Map<String, URL> starterMetadata() {
    Path file =
        Path.of("target", "starter-metadata", "META-INF", "spring-configuration-metadata.json");
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " missing: the build unpacks it before the tests");
    }
    try {
      return Map.of("lumina-spring-boot-starter", file.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
