package io.lumina.storage.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpanCursorTest {

  @Test
  void decodesWhatItEncodes() {
    SpanCursor cursor = new SpanCursor(1_764_900_000_123_456_789L, "00f067aa0ba902b7");
    assertThat(SpanCursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  @Test
  void refusesAnythingElse() {
    for (String bad :
        new String[] {
          "",
          "nonsense",
          "123",
          "123-00f067aa0ba902b",
          "99999999999999999999-00f067aa0ba902b7",
          "1-00f067aa0ba902b7'--"
        }) {
      assertThatThrownBy(() -> SpanCursor.decode(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
