package io.lumina.storage.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.StoredSpans;
import io.lumina.testing.OtlpSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
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
}
