package io.lumina.testing;

import io.lumina.model.TokenUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One fixture of {@code fixtures/instrumentation}: the OTLP/HTTP protobuf requests a real
 * instrumentation library exported while calling the recorders' fake provider, and what that
 * provider answered (usage per call). The layout and how to re-record are in that folder's
 * README.md.
 *
 * @param library the recorder's library folder ({@code vercel-ai}, {@code openinference-js}...)
 * @param scenario the scenario within the library ({@code generate-text}...)
 * @param origin {@code recorded} (the library ran) or {@code derived} (spans rebuilt from the
 *     library's published attribute names where the library could not be installed)
 * @param packages library name to version, as installed when recording
 * @param otlpRequests the exported request bodies, in export order
 * @param calls the fake provider's answers, in request order
 */
public record InstrumentationFixture(
    String library,
    String scenario,
    String description,
    String origin,
    Map<String, String> packages,
    List<String> notes,
    List<byte[]> otlpRequests,
    List<Call> calls) {

  private static final String ROOT = "fixtures/instrumentation/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One request the fake provider answered.
   *
   * @param protocol {@code openai} or {@code anthropic}
   * @param stream whether the client asked for a stream
   * @param usageSentToClient false for an OpenAI stream without {@code
   *     stream_options.include_usage}: the provider sent no usage, so no library could report it
   * @param toolCall the tool the answer called, or null for a text answer
   */
  public record Call(
      String protocol,
      boolean stream,
      boolean usageSentToClient,
      String requestModel,
      String responseModel,
      String toolCall,
      Usage usage) {}

  /**
   * Usage as the provider's protocol reports it: OpenAI's {@code input} includes the cached tokens;
   * Anthropic's excludes cache reads and writes, which it reports apart.
   */
  public record Usage(long input, long output, long cachedInput, long cacheWrite) {}

  /**
   * How faithfully a library passes the provider's usage on, as the recordings show and
   * docs/conventions.md ("Libraries tested") states.
   */
  public enum Reporting {
    /** Tokens as the provider answered, cache reads included. */
    EXACT,
    /** Input and output as answered, but cache reads never reported (priced as plain input). */
    WITHOUT_CACHE_READ,
    /** Tokens counted by the library itself, not the provider's usage. */
    ESTIMATED,
    /** No token counts at all. */
    NONE;

    /** True when the counted span's tokens follow from the provider's usage ({@link #tokens}). */
    public boolean followsProvider() {
      return this == EXACT || this == WITHOUT_CACHE_READ;
    }
  }

  /** How this fixture's library reports {@code call}. */
  public Reporting reporting(Call call) {
    return switch (library) {
      case "openllmetry-js" -> call.stream() ? Reporting.ESTIMATED : Reporting.WITHOUT_CACHE_READ;
      case "openinference-js" -> call.stream() ? Reporting.NONE : Reporting.EXACT;
      default -> Reporting.EXACT;
    };
  }

  /**
   * The tokens the span counting {@code call} must carry when the library {@link
   * Reporting#followsProvider() follows the provider}: input with the cache included, output, and
   * the cache reads and writes the library passes on.
   */
  public TokenUsage tokens(Call call) {
    Reporting reporting = reporting(call);
    if (!reporting.followsProvider()) {
      throw new IllegalStateException(this + " does not report the provider's usage");
    }
    return new TokenUsage(
        inputWithCache(call),
        call.usage().output(),
        null,
        reporting == Reporting.EXACT ? call.usage().cachedInput() : 0L,
        call.usage().cacheWrite(),
        null);
  }

  /** The call's input tokens with cache reads and writes included, whatever the protocol. */
  public static long inputWithCache(Call call) {
    Usage u = call.usage();
    return "anthropic".equals(call.protocol())
        ? u.input() + u.cachedInput() + u.cacheWrite()
        : u.input();
  }

  public String id() {
    return library + "/" + scenario;
  }

  public boolean recorded() {
    return "recorded".equals(origin);
  }

  @Override
  public String toString() {
    return id();
  }

  /** Every fixture listed in {@code index.txt}, in its order. */
  public static List<InstrumentationFixture> all() {
    List<InstrumentationFixture> all = new ArrayList<>();
    for (String line : text(ROOT + "index.txt").split("\n")) {
      if (!line.isBlank()) {
        all.add(load(line.strip()));
      }
    }
    return List.copyOf(all);
  }

  /** One fixture by {@code <library>/<scenario>}. */
  public static InstrumentationFixture load(String id) {
    JsonNode sidecar = JSON.readTree(text(ROOT + id + ".json"));
    String library = id.substring(0, id.indexOf('/'));
    Map<String, String> packages = new LinkedHashMap<>();
    sidecar
        .path("packages")
        .properties()
        .forEach(e -> packages.put(e.getKey(), e.getValue().asString()));
    List<String> notes = new ArrayList<>();
    sidecar.path("notes").forEach(n -> notes.add(n.asString()));
    List<byte[]> requests = new ArrayList<>();
    sidecar
        .path("otlpRequests")
        .forEach(f -> requests.add(bytes(ROOT + library + "/" + f.asString())));
    List<Call> calls = new ArrayList<>();
    for (JsonNode c : sidecar.path("calls")) {
      JsonNode u = c.path("usage");
      calls.add(
          new Call(
              c.path("protocol").asString(),
              c.path("stream").asBoolean(),
              c.path("usageSentToClient").asBoolean(),
              c.path("requestModel").asString(),
              c.path("responseModel").asString(),
              c.path("toolCall").asString(null),
              new Usage(
                  u.path("input").asLong(),
                  u.path("output").asLong(),
                  u.path("cachedInput").asLong(),
                  u.path("cacheWrite").asLong())));
    }
    return new InstrumentationFixture(
        library,
        sidecar.path("scenario").asString(),
        sidecar.path("description").asString(),
        sidecar.path("origin").asString(),
        Map.copyOf(packages),
        List.copyOf(notes),
        List.copyOf(requests),
        List.copyOf(calls));
  }

  private static String text(String resource) {
    return new String(bytes(resource), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String resource) {
    try (InputStream in =
        InstrumentationFixture.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
