package io.lumina.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Keyset pagination: every row exactly once, whatever arrives between pages. */
class PaginationIT {
  /** Far more pages than any test here needs: a cursor that never ends fails instead of hanging. */
  private static final int MAX_PAGES = 50;

  @Test
  void pagesStayStableWhileTracesArrive() throws Exception {
    Lumina lumina = Lumina.get();
    String service = "page-" + UUID.randomUUID().toString().substring(0, 8);
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(4, ChronoUnit.HOURS);
    List<TestSpans.Span> first = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // pairs share a start time, so the id tie-breaker matters
      first.add(
          TestSpans.llm(
              service,
              "gpt-4o-mini",
              "openai",
              base.plusSeconds(i / 2 * 10),
              100 + (i % 5) * 10,
              10 + i,
              5,
              Map.of()));
    }
    lumina.sendAndAwait(first);

    for (String sort :
        List.of("sort=time", "sort=time&order=asc", "sort=cost", "sort=latency&order=asc")) {
      Set<String> seen = new HashSet<>();
      List<String> all = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        JsonNode page =
            lumina.ok(
                "/api/traces?service="
                    + service
                    + "&limit=7&"
                    + sort
                    + (cursor == null ? "" : "&cursor=" + cursor));
        page.get("traces").forEach(t -> all.add(t.get("traceId").asString()));
        if (pages == 0) {
          // newer, older and equal-key traces arrive between the first and the second page
          List<TestSpans.Span> more = new ArrayList<>();
          more.add(
              TestSpans.llm(
                  service, "gpt-4o-mini", "openai", base.plusSeconds(3600), 100, 10, 5, Map.of()));
          more.add(
              TestSpans.llm(
                  service, "gpt-4o-mini", "openai", base.minusSeconds(3600), 100, 10, 5, Map.of()));
          more.add(
              TestSpans.llm(
                  service, "gpt-4o-mini", "openai", base.plusSeconds(50), 120, 12, 5, Map.of()));
          lumina.sendAndAwait(more);
        }
        cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        pages++;
      } while (cursor != null && pages < MAX_PAGES);
      assertThat(cursor).as(sort + ": paging ends within " + MAX_PAGES + " pages").isNull();
      assertThat(all).as(sort + ": no trace twice").doesNotHaveDuplicates();
      seen.addAll(all);
      assertThat(seen)
          .as(sort + ": every trace present before paging is listed")
          .containsAll(first.stream().map(TestSpans.Span::traceId).toList());
      base = base.plusMillis(1); // the next round's inserts are new traces with distinct keys
    }
  }

  @Test
  void spanPagesCoverEverySpanOnce() throws Exception {
    Lumina lumina = Lumina.get();
    String service = "spanpage-" + UUID.randomUUID().toString().substring(0, 8);
    Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(4, ChronoUnit.HOURS);
    TestSpans.Span root = TestSpans.root("batch", service, base, 5000, Map.of());
    List<TestSpans.Span> spans = new ArrayList<>(List.of(root));
    for (int i = 0; i < 12; i++) {
      spans.add(root.child("step", base.plusMillis(i / 3), 10, Map.of())); // equal start times
    }
    lumina.sendAndAwait(spans);
    List<String> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          lumina.ok(
              "/api/spans?service="
                  + service
                  + "&limit=5"
                  + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("spans").forEach(s -> all.add(s.get("spanId").asString()));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null && pages < MAX_PAGES);
    assertThat(cursor).as("paging ends within " + MAX_PAGES + " pages").isNull();
    assertThat(all)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(spans.stream().map(TestSpans.Span::spanId).toList());
  }
}
