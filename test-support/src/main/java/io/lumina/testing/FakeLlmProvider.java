package io.lumina.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server speaking two LLM provider protocols, for tests that must not call the
 * internet: OpenAI chat completions ({@code POST /v1/chat/completions}, {@code Authorization:
 * Bearer <key>}, or Azure-style {@code api-key} header) and Anthropic Messages ({@code POST
 * /v1/messages} with {@code x-api-key} and {@code anthropic-version}). Answers carry usage tokens
 * in each protocol's shape.
 *
 * <p>Scriptable per test: {@link #respondWith} sets how every request is answered (default: an echo
 * of the last user message), {@link #enqueue} queues one-shot replies answered first, in order
 * (errors, 429 with {@code Retry-After}, slow replies). Every request is recorded ({@link
 * #requests()}) whatever it was answered with, so tests can assert on what the client sent. A wrong
 * or missing key gets the provider's 401 body. Handlers run on virtual threads, so slow replies
 * block nothing else.
 */
public final class FakeLlmProvider implements AutoCloseable {

  /** Which protocol a request used. */
  public enum Protocol {
    OPENAI,
    ANTHROPIC
  }

  /** One recorded request, parsed. {@code system} is Anthropic's {@code system} or null. */
  public record Request(
      Protocol protocol,
      String path,
      Map<String, String> headers,
      JsonNode body,
      Instant receivedAt) {

    public String model() {
      return body.path("model").asString(null);
    }

    /** The header value, looked up case-insensitively. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The messages as {role, content} pairs, system messages included (OpenAI) or not (Anthropic).
     */
    public List<Map.Entry<String, String>> messages() {
      List<Map.Entry<String, String>> out = new ArrayList<>();
      for (JsonNode m : body.path("messages")) {
        out.add(Map.entry(m.path("role").asString(""), text(m.path("content"))));
      }
      return out;
    }

    /** The system prompt: Anthropic's {@code system}, or the first OpenAI system message. */
    public String system() {
      if (protocol == Protocol.ANTHROPIC) {
        JsonNode s = body.path("system");
        return s.isMissingNode() || s.isNull() ? null : text(s);
      }
      return messages().stream()
          .filter(e -> e.getKey().equals("system"))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    /** The content of the last user message, or null. */
    public String lastUserContent() {
      List<Map.Entry<String, String>> all = messages();
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i).getKey().equals("user")) {
          return all.get(i).getValue();
        }
      }
      return null;
    }

    private static String text(JsonNode content) {
      if (content.isString()) {
        return content.asString();
      }
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if (part.has("text")) {
          sb.append(part.get("text").asString());
        }
      }
      return sb.toString();
    }
  }

  /** How to answer one request. Build with the static factories. */
  public record Reply(
      int status,
      String text,
      Long inputTokens,
      Long outputTokens,
      String model,
      Long retryAfterSeconds,
      String errorMessage,
      Duration delay) {

    /** 200 with this text; usage counts words (system and messages in, text out). */
    public static Reply text(String text) {
      return new Reply(200, text, null, null, null, null, null, Duration.ZERO);
    }

    /** 200 with this text and exactly these usage figures. */
    public static Reply text(String text, long inputTokens, long outputTokens) {
      return new Reply(200, text, inputTokens, outputTokens, null, null, null, Duration.ZERO);
    }

    /** An error status with the protocol's error body. */
    public static Reply error(int status, String message) {
      return new Reply(status, null, null, null, null, null, message, Duration.ZERO);
    }

    /** 429 with {@code Retry-After: seconds}. */
    public static Reply rateLimited(long retryAfterSeconds) {
      return new Reply(
          429, null, null, null, null, retryAfterSeconds, "rate limit exceeded", Duration.ZERO);
    }

    /** This reply, sent only after {@code delay}. */
    public Reply after(Duration delay) {
      return new Reply(
          status, text, inputTokens, outputTokens, model, retryAfterSeconds, errorMessage, delay);
    }

    /** This reply naming another model in its body than the one requested. */
    public Reply answeredBy(String answeringModel) {
      return new Reply(
          status,
          text,
          inputTokens,
          outputTokens,
          answeringModel,
          retryAfterSeconds,
          errorMessage,
          delay);
    }
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedDeque<Reply> queued = new ConcurrentLinkedDeque<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile Function<Request, Reply> responder = FakeLlmProvider::echo;
  private volatile String apiKey;

  private FakeLlmProvider(HttpServer server) {
    this.server = server;
  }

  /** Starts on a free port of the loopback interface. */
  public static FakeLlmProvider start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeLlmProvider fake = new FakeLlmProvider(server);
      server.createContext("/", fake::handle);
      server.setExecutor(fake.executor);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake LLM provider", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}: the Anthropic base URL. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>/v1}: the OpenAI base URL (clients append /chat/completions). */
  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /** Requests without this key get 401; null accepts any key (the default). */
  public FakeLlmProvider requireApiKey(String key) {
    this.apiKey = key;
    return this;
  }

  /** Answers every request not served by a queued reply with {@code responder}. */
  public FakeLlmProvider respondWith(Function<Request, Reply> responder) {
    this.responder = Objects.requireNonNull(responder);
    return this;
  }

  /**
   * Queues one-shot replies, answered first and in order, before the responder takes over again.
   */
  public FakeLlmProvider enqueue(Reply... replies) {
    queued.addAll(List.of(replies));
    return this;
  }

  /** Every request received so far, in arrival order. */
  public List<Request> requests() {
    return Collections.unmodifiableList(new ArrayList<>(requests));
  }

  /** Forgets recorded requests and queued replies; echo again, any key accepted. */
  public void reset() {
    requests.clear();
    queued.clear();
    responder = FakeLlmProvider::echo;
    apiKey = null;
  }

  /** The default responder: {@code echo: <last user message>}. */
  public static Reply echo(Request request) {
    return Reply.text("echo: " + Objects.requireNonNullElse(request.lastUserContent(), ""));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Protocol protocol =
          switch (exchange.getRequestURI().getPath()) {
            case "/v1/chat/completions", "/chat/completions" -> Protocol.OPENAI;
            case "/v1/messages" -> Protocol.ANTHROPIC;
            default -> null;
          };
      if (protocol == null || !"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 404, "{\"error\":{\"message\":\"no such endpoint\"}}");
        return;
      }
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      JsonNode body;
      try (InputStream in = exchange.getRequestBody()) {
        body = JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        send(exchange, 400, errorBody(protocol, "invalid_request_error", "body is not JSON"));
        return;
      }
      Request request =
          new Request(protocol, exchange.getRequestURI().getPath(), headers, body, Instant.now());
      requests.add(request);
      if (!authorized(request)) {
        send(exchange, 401, errorBody(protocol, "authentication_error", "invalid api key"));
        return;
      }
      if (protocol == Protocol.ANTHROPIC && request.header("anthropic-version") == null) {
        send(
            exchange,
            400,
            errorBody(protocol, "invalid_request_error", "anthropic-version header is required"));
        return;
      }
      Reply queuedReply = queued.pollFirst();
      Reply reply = queuedReply != null ? queuedReply : responder.apply(request);
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay());
      }
      if (reply.retryAfterSeconds() != null) {
        exchange.getResponseHeaders().add("Retry-After", Long.toString(reply.retryAfterSeconds()));
      }
      if (reply.status() != 200) {
        send(
            exchange,
            reply.status(),
            errorBody(
                protocol,
                reply.status() == 429 ? "rate_limit_error" : "api_error",
                reply.errorMessage()));
        return;
      }
      send(exchange, 200, success(request, reply));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (timed out) before the slow reply: nothing to answer
    }
  }

  private boolean authorized(Request request) {
    String expected = apiKey;
    if (expected == null) {
      return true;
    }
    String given =
        request.protocol() == Protocol.ANTHROPIC
            ? request.header("x-api-key")
            : request.header("authorization") != null
                ? request.header("authorization").replaceFirst("^Bearer ", "")
                : request.header("api-key");
    return expected.equals(given);
  }

  private String success(Request request, Reply reply) {
    long in = reply.inputTokens() != null ? reply.inputTokens() : inputWords(request);
    long out = reply.outputTokens() != null ? reply.outputTokens() : words(reply.text());
    String model = reply.model() != null ? reply.model() : request.model();
    ObjectNode root = JSON.createObjectNode();
    if (request.protocol() == Protocol.OPENAI) {
      root.put("id", "chatcmpl-fake-" + ids.incrementAndGet());
      root.put("object", "chat.completion");
      root.put("created", Instant.now().getEpochSecond());
      root.put("model", model);
      ObjectNode choice = root.putArray("choices").addObject();
      choice.put("index", 0);
      choice.putObject("message").put("role", "assistant").put("content", reply.text());
      choice.put("finish_reason", "stop");
      root.putObject("usage")
          .put("prompt_tokens", in)
          .put("completion_tokens", out)
          .put("total_tokens", in + out);
    } else {
      root.put("id", "msg_fake_" + ids.incrementAndGet());
      root.put("type", "message");
      root.put("role", "assistant");
      root.put("model", model);
      root.putArray("content").addObject().put("type", "text").put("text", reply.text());
      root.put("stop_reason", "end_turn");
      root.putObject("usage").put("input_tokens", in).put("output_tokens", out);
    }
    return JSON.writeValueAsString(root);
  }

  private static String errorBody(Protocol protocol, String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    if (protocol == Protocol.ANTHROPIC) {
      root.put("type", "error");
      root.putObject("error").put("type", type).put("message", message);
    } else {
      root.putObject("error").put("type", type).put("message", message);
    }
    return JSON.writeValueAsString(root);
  }

  private static long inputWords(Request request) {
    // OpenAI carries the system prompt as a message; Anthropic apart
    long n = request.protocol() == Protocol.ANTHROPIC ? words(request.system()) : 0;
    for (Map.Entry<String, String> m : request.messages()) {
      n += words(m.getValue());
    }
    return n;
  }

  private static long words(String text) {
    return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
