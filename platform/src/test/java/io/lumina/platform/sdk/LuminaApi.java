package io.lumina.platform.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The query API as the platform's end-to-end tests read it back, with bounded polling. */
public final class LuminaApi {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final int port;

  public LuminaApi(int port) {
    this.port = port;
  }

  /** The trace, or null while it is not stored. */
  public JsonNode trace(String traceId) {
    return get("/api/traces/" + traceId);
  }

  /** Every span matching {@code query} (e.g. {@code service=x}), all pages. */
  List<JsonNode> spans(String query) {
    return all("/api/spans?" + query, "spans");
  }

  /** Every trace matching {@code query} (e.g. {@code attr.run=x}), all pages. */
  List<JsonNode> traces(String query) {
    return all("/api/traces?" + query, "traces");
  }

  private List<JsonNode> all(String path, String field) {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      assertThat(++pages).as("pages of " + path).isLessThanOrEqualTo(MAX_PAGES);
      JsonNode page =
          get(
              path
                  + "&limit=1000"
                  + (cursor == null
                      ? ""
                      : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
      page.get(field).forEach(out::add);
      JsonNode next = page.get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asString();
    } while (cursor != null);
    return out;
  }

  /** More pages than any test stores: a cursor that never ends fails instead of looping. */
  private static final int MAX_PAGES = 100;

  public JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return null;
      }
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls until {@code done} holds, failing with the last value after {@code timeout}. */
  public static <T> T await(Duration timeout, Supplier<T> poll, Predicate<T> done, String what) {
    Instant deadline = Instant.now().plus(timeout);
    T last = poll.get();
    while (!done.test(last)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("after " + timeout + ", still not " + what + ": " + last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      last = poll.get();
    }
    return last;
  }
}
