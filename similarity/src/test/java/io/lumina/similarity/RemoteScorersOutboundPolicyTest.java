package io.lumina.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.lumina.outbound.OutboundAllowList;
import io.lumina.outbound.OutboundHttpClient;
import io.lumina.outbound.OutboundPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The judge and the embeddings scorer go through the outbound policy: with no allow-list, every
 * spelling of an internal address, a name resolving to loopback and a redirect to loopback reach
 * nothing; a trickling answer ends at the deadline.
 */
class RemoteScorersOutboundPolicyTest {

  private static HttpServer server;
  private static final AtomicInteger hits = new AtomicInteger();
  private static final OutboundHttpClient STRICT =
      new OutboundHttpClient(
          new OutboundPolicy(
              OutboundAllowList.NONE,
              host -> {
                if (host.equals("rebind.test")) {
                  return List.of(InetAddress.getLoopbackAddress());
                }
                throw new UnknownHostException(host);
              }),
          1024 * 1024);

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          hits.incrementAndGet();
          if (ex.getRequestURI().getPath().startsWith("/redirect")) {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/v1");
            ex.sendResponseHeaders(307, -1);
          } else if (ex.getRequestURI().getPath().startsWith("/trickle")) {
            ex.sendResponseHeaders(200, 1000);
            try {
              for (int i = 0; i < 1000; i++) {
                ex.getResponseBody().write(' ');
                ex.getResponseBody().flush();
                Thread.sleep(1000);
              }
            } catch (Exception e) {
              // the client gave up: expected
            }
          } else {
            ex.sendResponseHeaders(500, -1);
          }
          ex.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static int port() {
    return server.getAddress().getPort();
  }

  private static List<SimilarityScorer> scorers(String baseUrl, OutboundHttpClient client) {
    return List.of(
        new LlmJudgeScorer(
            LlmJudgeScorer.Protocol.OPENAI, baseUrl, "k", "m", Duration.ofSeconds(2), client),
        new EmbeddingsScorer(baseUrl, "k", "e", Duration.ofSeconds(2), client));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:%d/v1",
        "http://[::1]:%d/v1",
        "http://localhost:%d/v1",
        "http://169.254.169.254:%d/v1",
        "http://10.0.0.1:%d/v1",
        "http://192.168.1.1:%d/v1",
        "http://[fc00::1]:%d/v1",
        "http://[::ffff:127.0.0.1]:%d/v1",
        "http://2130706433:%d/v1",
        "http://0177.0.0.1:%d/v1",
        "http://rebind.test:%d/v1",
      })
  void internalTargetsAreRefusedBeforeAnythingIsSent(String url) {
    hits.set(0);
    for (SimilarityScorer scorer : scorers(url.formatted(port()), STRICT)) {
      assertThatThrownBy(() -> scorer.score("a b", "c d"))
          .isInstanceOf(SimilarityScorer.ScoringException.class)
          .hasMessageContaining("refused")
          .hasMessageContaining("lumina.outbound.allow");
    }
    assertThat(hits).hasValue(0);
  }

  @Test
  void theDefaultConstructorsUseTheStrictPolicy() {
    hits.set(0);
    String url = "http://127.0.0.1:" + port() + "/v1";
    assertThatThrownBy(
            () ->
                new LlmJudgeScorer(
                        LlmJudgeScorer.Protocol.OPENAI, url, "k", "m", Duration.ofSeconds(2))
                    .score("a b", "c d"))
        .hasMessageContaining("loopback");
    assertThatThrownBy(
            () -> new EmbeddingsScorer(url, "k", "e", Duration.ofSeconds(2)).score("a b", "c d"))
        .hasMessageContaining("loopback");
    assertThat(hits).hasValue(0);
  }

  @Test
  void aRedirectToLoopbackIsNotFollowed() {
    hits.set(0);
    for (SimilarityScorer scorer :
        scorers("http://127.0.0.1:" + port() + "/redirect", LocalJsonServer.CLIENT)) {
      assertThatThrownBy(() -> scorer.score("a b", "c d")).hasMessageContaining("HTTP 307");
    }
    assertThat(hits).hasValue(2); // one request each, no second hop
  }

  @Test
  void aTricklingAnswerEndsAtTheDeadline() {
    long start = System.nanoTime();
    SimilarityScorer judge =
        scorers("http://127.0.0.1:" + port() + "/trickle", LocalJsonServer.CLIENT).getFirst();
    assertThatThrownBy(() -> judge.score("a b", "c d")).hasMessageContaining("within 2000 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
