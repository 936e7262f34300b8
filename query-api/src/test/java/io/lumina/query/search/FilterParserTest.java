package io.lumina.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.api.traces.SearchParams;
import io.lumina.query.web.BadParameterException;
import io.lumina.storage.traces.Cursor;
import io.lumina.storage.traces.SearchQuery;
import io.lumina.storage.traces.Sort;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterParserTest {

  private static SearchQuery parse(Map<String, String> params) {
    Map<String, String[]> raw = new LinkedHashMap<>();
    params.forEach((k, v) -> raw.put(k, new String[] {v}));
    SearchParams p =
        new SearchParams(
            params.get("service"),
            params.get("model"),
            params.get("provider"),
            params.get("status"),
            params.get("userId"),
            params.get("sessionId"),
            params.get("name"),
            params.get("minCost"),
            params.get("maxCost"),
            params.get("minLatencyMs"),
            params.get("maxLatencyMs"),
            params.get("from"),
            params.get("to"),
            params.get("before"),
            params.get("q"),
            params.get("sort"),
            params.get("order"),
            params.get("cursor"),
            params.get("limit"));
    return FilterParser.parse(p, raw, false);
  }

  @Test
  void defaults() {
    SearchQuery q = parse(Map.of());
    assertThat(q.limit()).isEqualTo(50);
    assertThat(q.sort()).isEqualTo(Sort.TIME);
    assertThat(q.descending()).isTrue();
    assertThat(q.cursor()).isNull();
  }

  @Test
  void beforeAndToCombineToTheEarlier() {
    SearchQuery q = parse(Map.of("to", "2026-11-27T12:00:00Z", "before", "1764236000"));
    assertThat(q.filters().to()).isEqualTo(Instant.ofEpochSecond(1764236000));
    SearchQuery later = parse(Map.of("to", "2026-11-27T00:00:00Z", "before", "1864236000"));
    assertThat(later.filters().to()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
  }

  @Test
  void attributeFiltersCarryTypedCandidates() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("attr.tier", "3");
    params.put("attr.flag", "true");
    params.put("attr.name", "x\"y");
    SearchQuery q = parse(params);
    assertThat(q.filters().attributes()).hasSize(3);
    assertThat(q.filters().attributes().get(0).jsonCandidates())
        .containsExactly("{\"tier\":\"3\"}", "{\"tier\":3}");
    assertThat(q.filters().attributes().get(1).jsonCandidates())
        .containsExactly("{\"flag\":\"true\"}", "{\"flag\":true}");
    assertThat(q.filters().attributes().get(2).jsonCandidates())
        .containsExactly("{\"name\":\"x\\\"y\"}");
    assertThat(q.filters().attributes().get(0).resourceCandidates())
        .containsExactly("{\"tier\":[\"3\"]}", "{\"tier\":[3]}");
    assertThat(q.filters().attributes().get(2).resourceCandidates())
        .containsExactly("{\"name\":[\"x\\\"y\"]}");
  }

  @Test
  void errorsNameTheParameter() {
    assertThatThrownBy(() -> parse(Map.of("limit", "0")))
        .isInstanceOf(BadParameterException.class)
        .extracting(e -> ((BadParameterException) e).parameter())
        .isEqualTo("limit");
    assertThatThrownBy(() -> parse(Map.of("nope", "1")))
        .extracting(e -> ((BadParameterException) e).parameter())
        .isEqualTo("nope");
    assertThatThrownBy(() -> parse(Map.of("service", "a\0b")))
        .extracting(e -> ((BadParameterException) e).parameter())
        .isEqualTo("service");
    assertThatThrownBy(() -> parse(Map.of("q", "x".repeat(201))))
        .extracting(e -> ((BadParameterException) e).parameter())
        .isEqualTo("q");
  }

  @Test
  void cursorRoundTripsAndIsTiedToItsSort() {
    Cursor c = new Cursor(Sort.COST, true, "0.0012", "0123456789abcdef0123456789abcdef", "");
    assertThat(FilterParser.cursor(c.encode(), Sort.COST, true, false)).isEqualTo(c);
    assertThatThrownBy(() -> FilterParser.cursor(c.encode(), Sort.TIME, true, false))
        .isInstanceOf(BadParameterException.class)
        .hasMessageContaining("sort=cost");
    assertThatThrownBy(() -> FilterParser.cursor(c.encode(), Sort.COST, false, false))
        .isInstanceOf(BadParameterException.class);
  }

  @Test
  void timeParamForms() {
    assertThat(TimeParam.parse("from", "2026-11-27"))
        .isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
    assertThat(TimeParam.parse("from", "2026-11-27T10:00:00+02:00"))
        .isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
    assertThat(TimeParam.parse("from", "2026-11-27T10:00:00"))
        .isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(TimeParam.parse("from", "1764237600.5"))
        .isEqualTo(Instant.ofEpochSecond(1764237600, 500_000_000));
    assertThatThrownBy(() -> TimeParam.parse("to", "253402300800"))
        .isInstanceOf(BadParameterException.class);
    assertThatThrownBy(() -> TimeParam.parse("to", "")).isInstanceOf(BadParameterException.class);
  }
}
