package io.lumina.similarity;

import io.lumina.outbound.OutboundHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Similarity judged by an LLM, one short call per pair: the model is shown both texts and answers
 * with one number between 0 and 1 for how close they are in meaning. Speaks Anthropic Messages
 * ({@code POST <base>/v1/messages}) or OpenAI-compatible chat completions ({@code POST
 * <base>/chat/completions}, the base URL including {@code /v1} as OpenAI's SDKs expect).
 *
 * <p>The contract holds without trusting the model: texts equal after {@link
 * ExactHashScorer#normalize} score 1.0 with no call; one empty text against a non-empty one scores
 * 0.0 with no call; the two texts are always sent in a canonical order (by string comparison), so
 * swapping them sends the same request and a deterministic model gives the same score. Temperature
 * 0, a few output tokens. A failed call, a timeout or an answer without a number throws {@link
 * ScoringException}; {@link #check()} reports the last failure until a call succeeds again.
 */
public final class LlmJudgeScorer implements SimilarityScorer {

  public static final String NAME = "llm-judge";
  static final String ANTHROPIC_VERSION = "2023-06-01";
  static final String SYSTEM_PROMPT =
      """
      You compare two answers to the same question and rate how similar they are in meaning, not in \
      wording: 1 means they say the same thing, 0 means they share nothing or contradict each other. \
      Reply with only the number, between 0 and 1, with at most two decimals.""";

  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\d.])(0(?:\\.\\d+)?|1(?:\\.0+)?|\\.\\d+)(?![\\d.])");

  /** Which wire protocol the judge speaks. */
  public enum Protocol {
    ANTHROPIC,
    OPENAI
  }

  private final Protocol protocol;
  private final URI endpoint;
  private final String apiKey;
  private final String model;
  private final RemoteScorerCalls calls;

  /**
   * @param baseUrl Anthropic: {@code https://api.anthropic.com}; OpenAI-compatible: the base URL
   *     ending in {@code /v1}
   */
  public LlmJudgeScorer(
      Protocol protocol, String baseUrl, String apiKey, String model, Duration timeout) {
    this(protocol, baseUrl, apiKey, model, timeout, RemoteScorerCalls.defaultClient());
  }

  public LlmJudgeScorer(
      Protocol protocol,
      String baseUrl,
      String apiKey,
      String model,
      Duration timeout,
      OutboundHttpClient http) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(baseUrl, "baseUrl");
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.endpoint =
        URI.create(
            protocol == Protocol.ANTHROPIC ? base + "/v1/messages" : base + "/chat/completions");
    this.apiKey = apiKey == null ? "" : apiKey;
    this.model = Objects.requireNonNull(model, "model");
    this.calls = new RemoteScorerCalls(http, Objects.requireNonNull(timeout, "timeout"));
  }

  @Override
  public double score(String expected, String actual) {
    return RemoteScorerCalls.symmetric(expected, actual, this::judge);
  }

  private double judge(String first, String second) {
    String question =
        "Answer A:\n<<<\n"
            + first
            + "\n>>>\n\nAnswer B:\n<<<\n"
            + second
            + "\n>>>\n\n"
            + "How similar in meaning are A and B, from 0 to 1?";
    return parse(protocol == Protocol.ANTHROPIC ? askAnthropic(question) : askOpenAi(question));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check check() {
    return calls.check();
  }

  private String askAnthropic(String question) {
    JsonNode answer =
        calls.post(
            endpoint,
            Map.of("x-api-key", apiKey, "anthropic-version", ANTHROPIC_VERSION),
            Map.of(
                "model",
                model,
                "max_tokens",
                8,
                "temperature",
                0,
                "system",
                SYSTEM_PROMPT,
                "messages",
                List.of(Map.of("role", "user", "content", question))));
    StringBuilder text = new StringBuilder();
    for (JsonNode block : answer.path("content")) {
      if ("text".equals(block.path("type").asString(""))) {
        text.append(block.path("text").asString(""));
      }
    }
    return text.toString();
  }

  private String askOpenAi(String question) {
    JsonNode answer =
        calls.post(
            endpoint,
            apiKey.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + apiKey),
            Map.of(
                "model",
                model,
                "max_tokens",
                8,
                "temperature",
                0,
                "messages",
                List.of(
                    Map.of("role", "system", "content", SYSTEM_PROMPT),
                    Map.of("role", "user", "content", question))));
    return answer.path("choices").path(0).path("message").path("content").asString("");
  }

  private double parse(String reply) {
    Matcher m = NUMBER.matcher(reply);
    if (!m.find()) {
      String shown = reply.length() > 40 ? reply.substring(0, 40) + "..." : reply;
      throw calls.fail("the judge answered without a score: \"" + shown + "\"", null);
    }
    return Math.max(0.0, Math.min(1.0, Double.parseDouble(m.group(1))));
  }
}
