package io.lumina.storage.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.spans.SpanCleaner.Cleaned;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SpanCleanerTest {

  @Test
  void jsonEscapesJsonbRefusesBecomeTheReplacementCharacter() {
    EnumSet<Cleaned> cleaned = EnumSet.noneOf(Cleaned.class);
    String bs = "\\";
    String json =
        "[{\"c\":\"a"
            + bs
            + "u0000b "
            + bs
            + "ud800x "
            + bs
            + "udc00y "
            + bs
            + "ud83d"
            + bs
            + "ude00 "
            + bs
            + bs
            + "u0000 kept\"}]";
    assertThat(SpanCleaner.json(json, cleaned))
        .isEqualTo(
            "[{\"c\":\"a"
                + bs
                + "ufffdb "
                + bs
                + "ufffdx "
                + bs
                + "ufffdy "
                + bs
                + "ud83d"
                + bs
                + "ude00 "
                + bs
                + bs
                + "u0000 kept\"}]");
    assertThat(cleaned).containsExactlyInAnyOrder(Cleaned.NUL, Cleaned.LONE_SURROGATE);
  }

  @Test
  void textKeepsPairsAndReplacesNulAndLoneHalves() {
    EnumSet<Cleaned> cleaned = EnumSet.noneOf(Cleaned.class);
    String ok = "plain 😀 text";
    assertThat(SpanCleaner.text(ok, cleaned)).isSameAs(ok);
    assertThat(cleaned).isEmpty();
    assertThat(SpanCleaner.text("a\u0000b\uD800c\uDC00", cleaned))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    assertThat(cleaned).containsExactlyInAnyOrder(Cleaned.NUL, Cleaned.LONE_SURROGATE);
  }
}
