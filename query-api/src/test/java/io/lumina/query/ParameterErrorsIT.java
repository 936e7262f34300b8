package io.lumina.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every invalid parameter is a 400 problem+json naming it; never a 500. */
class ParameterErrorsIT {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/traces?from=yesterday|from",
        "/api/traces?from=2026-13-45|from",
        "/api/spans?to=2026-11-27T25:00:00Z|to",
        "/api/traces?before=abc|before",
        "/api/traces?before=99999999999999|before",
        "/api/traces?from=-5|from",
        "/api/traces?from=2026-11-02&to=2026-11-01|to",
        "/api/traces?limit=-1|limit",
        "/api/traces?limit=0|limit",
        "/api/spans?limit=1001|limit",
        "/api/traces?limit=ten|limit",
        "/api/traces?sort=price|sort",
        "/api/traces?order=up|order",
        "/api/traces?cursor=garbage!!|cursor",
        "/api/traces?cursor=YzEKdGltZQpkZXNjCjEyMwpub3RoZXgK|cursor",
        "/api/spans?cursor=YzEKdGltZQpkZXNjCjEyMwowMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZgo|cursor",
        "/api/traces?status=broken|status",
        "/api/traces?minCost=cheap|minCost",
        "/api/traces?maxCost=-1|maxCost",
        "/api/traces?minCost=2&maxCost=1|maxCost",
        "/api/spans?minLatencyMs=NaN|minLatencyMs",
        "/api/spans?maxLatencyMs=1e999999999|maxLatencyMs",
        "/api/traces?attr.=x|attr.",
        "/api/traces?attr=x|attr",
        "/api/traces?service=|service",
        "/api/traces?servce=chat|servce",
        "/api/traces?service=a&service=b|service",
        "/api/traces/xyz|traceId",
        "/api/analytics/cost?groupBy=color|groupBy",
        "/api/analytics/cost?interval=week|interval",
        "/api/analytics/cost?from=2020-01-01&to=2022-01-01&interval=hour|interval",
        "/api/analytics/cost?from=soon|from",
        "/api/analytics/cost?groupBy=user&from=2020-01-01|from",
        "/api/analytics/cost?limit=0|limit",
        "/api/analytics/tokens?to=never|to",
        "/api/analytics/latency?groupBy=user&from=2020-01-01|from",
        "/api/analytics/latency?llmOnly=maybe|llmOnly",
        "/api/analytics/top-traces?limit=500|limit",
        "/api/services?from=x|from",
        "/api/models?to=x|to",
        "/api/export/traces|before",
        "/api/export/traces?before=1700000000&format=csv|format",
        "/api/export/traces?before=abc|before",
        "/api/export/traces?from=1700000000&to=1600000000|to",
      })
  void badParameterIs400ProblemJsonNamingIt(String path, String parameter) throws Exception {
    Lumina.Response r = Lumina.get().get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("parameter").asString()).isEqualTo(parameter);
    assertThat(r.json().get("detail").asString()).isNotBlank();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PUT|{\"input\": 1, \"output\": 2}|modelPattern",
        "PUT|{\"modelPattern\": \"gpt-(\", \"input\": 1, \"output\": 2}|modelPattern",
        // valid Java regexes that RE2 refuses: a backreference and a lookahead
        "PUT|{\"modelPattern\": \"(a)\\\\1\", \"input\": 1, \"output\": 2}|modelPattern",
        "PUT|{\"modelPattern\": \"gpt(?=-4)\", \"input\": 1, \"output\": 2}|modelPattern",
        "PUT|{\"modelPattern\": \"my-model\", \"output\": 2}|input",
        "PUT|{\"modelPattern\": \"my-model\", \"input\": 1}|output",
        "PUT|{\"modelPattern\": \"my-model\", \"input\": -1, \"output\": 2}|input",
        "PUT|{\"modelPattern\": \"my-model\", \"input\": 1, \"output\": 5000}|output",
        "PUT|{\"modelPattern\": \"my-model\", \"input\": 1, \"output\": 2, \"cacheRead\": 3}|cacheRead",
        "PUT|{\"modelPattern\": \"my-model\", \"input\": \"abc\", \"output\": 2}|input",
        "PUT|not json|body",
        "POST|{\"to\": \"2026-01-01\"}|from",
        "POST|{\"from\": \"2026-01-01\"}|to",
        "POST|{\"from\": \"2026-01-02\", \"to\": \"2026-01-01\"}|to",
        "POST|{\"from\": \"bad\", \"to\": \"2026-01-01\"}|from",
        "POST|{\"from\": \"2000-01-01\", \"to\": \"2026-01-01\"}|from",
      })
  void badPricingBodyIs400NamingTheField(String method, String body, String field)
      throws Exception {
    String path = method.equals("PUT") ? "/api/pricing" : "/api/pricing/reprice";
    Lumina lumina = Lumina.get();
    Lumina.Response r =
        lumina.send(
            HttpRequest.newBuilder(lumina.uri(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("parameter").asString()).isEqualTo(field);
  }
}
