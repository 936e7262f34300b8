package io.lumina.storage.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.StoredSpans;
import io.lumina.testing.OtlpSpans;
import io.lumina.wire.AttributeJson;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpanCopyEncoderTest {

  static String encode(Span span) {
    StringBuilder out = new StringBuilder();
    new SpanCopyEncoder().encode(StoredSpans.of("p", "svc", span).getFirst(), out);
    return out.toString();
  }

  @Test
  void oneLineWithOneFieldPerColumnWhateverTheTextHolds() {
    String row =
        encode(
            OtlpSpans.span(
                    OtlpSpans.randomTraceId(),
                    OtlpSpans.randomSpanId(),
                    null,
                    "a\tb\nc\\d\re\u0000f",
                    Instant.parse("2026-01-02T03:04:05.123456789Z"),
                    5)
                .build());
    assertThat(row).endsWith("\n").containsOnlyOnce("\n");
    String[] fields = row.substring(0, row.length() - 1).split("\t", -1);
    assertThat(fields).hasSize(SpanCopyEncoder.COLUMNS.split(", ").length);
    assertThat(fields[4]).isEqualTo("a\\tb\\nc\\\\d\\re\uFFFDf");
    assertThat(fields[3]).isEqualTo("\\N"); // no parent
    assertThat(fields[8]).isEqualTo("2026-01-02T03:04:05.123456789Z");
  }

  @Test
  void theSummaryRowHoldsTheSummaryColumnsOfTheFullRow() {
    Span span =
        OtlpSpans.llmSpan(
                OtlpSpans.randomTraceId(),
                OtlpSpans.randomSpanId(),
                OtlpSpans.randomSpanId(),
                Instant.parse("2026-01-02T03:04:05Z"),
                "gpt-4o-mini",
                100,
                10)
            .setName("x\ty")
            .build();
    StringBuilder full = new StringBuilder();
    StringBuilder narrow = new StringBuilder();
    new SpanCopyEncoder().encode(StoredSpans.of("p", "svc", span).getFirst(), full, narrow);
    assertThat(narrow.toString()).endsWith("\n").containsOnlyOnce("\n");
    java.util.List<String> columns = java.util.List.of(SpanCopyEncoder.COLUMNS.split(", "));
    String[] fullFields = full.substring(0, full.length() - 1).split("\t", -1);
    String[] summaryColumns = io.lumina.storage.rollups.TraceSummaries.SPAN_COLUMNS.split(",");
    String[] narrowFields = narrow.substring(0, narrow.length() - 1).split("\t", -1);
    assertThat(narrowFields).hasSize(summaryColumns.length);
    for (int i = 0; i < summaryColumns.length; i++) {
      assertThat(narrowFields[i])
          .as(summaryColumns[i].strip())
          .isEqualTo(fullFields[columns.indexOf(summaryColumns[i].strip())]);
    }
  }

  @Test
  void indexedColumnsAreCut() {
    String row =
        encode(
            OtlpSpans.span(
                    OtlpSpans.randomTraceId(),
                    OtlpSpans.randomSpanId(),
                    null,
                    "n",
                    Instant.now(),
                    1)
                .addAttributes(OtlpSpans.str("session.id", "s".repeat(5000)))
                .build());
    assertThat(row).contains("\t" + "s".repeat(SpanCopyEncoder.MAX_INDEXED_CHARS) + "\t");
  }

  @Test
  void everyTextIsEscapedAsOnePassOverItsCharactersWould() {
    // short values take a loop over their characters, long ones a search per special character,
    // JSON a search for backslashes: each must give what the plain definition gives, for any mix
    // and density of specials
    char[] alphabet = {'a', 'b', ' ', '\u00e9', '\u6771', '\\', '\n', '\r', '\t', 0, 1, 11};
    SplittableRandom random = new SplittableRandom(42);
    SpanCopyEncoder encoder = new SpanCopyEncoder();
    for (int round = 0; round < 2_000; round++) {
      int length = random.nextInt(0, 300);
      int specials = random.nextInt(1, alphabet.length + 1);
      StringBuilder name = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        name.append(random.nextInt(4) == 0 ? alphabet[random.nextInt(specials)] : 'x');
      }
      StringBuilder out = new StringBuilder();
      Span span =
          OtlpSpans.span(
                  OtlpSpans.randomTraceId(),
                  OtlpSpans.randomSpanId(),
                  null,
                  name.toString(),
                  Instant.now(),
                  1)
              .addAttributes(OtlpSpans.str("k\\" + name, name.toString()))
              .build();
      encoder.encode(StoredSpans.of("p", "svc", span).getFirst(), out);

      String[] fields = out.substring(0, out.length() - 1).split("\t", -1);
      assertThat(fields[4]).as("%s", name).isEqualTo(plainEscape(name.toString()));
      // the attributes' JSON, escaped in its builder without the plain loop
      StringBuilder json = new StringBuilder();
      AttributeJson.appendObject(json, span.getAttributesList(), 0);
      assertThat(fields[ATTRIBUTES]).as("%s", name).isEqualTo(plainEscape(json.toString()));
    }
  }

  private static final int ATTRIBUTES =
      List.of(SpanCopyEncoder.COLUMNS.split(", ")).indexOf("attributes");

  private static String plainEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case 0 -> b.append('\uFFFD');
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
