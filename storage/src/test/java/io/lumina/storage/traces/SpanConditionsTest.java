package io.lumina.storage.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.storage.sql.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanConditionsTest {

  @Test
  void sqlBuilderBindsEveryValue() {
    Sql sql = new Sql().append("SELECT 1 FROM spans s");
    sql.and("s.project_id = ?", "p' OR '1'='1");
    SpanConditions.all(
        sql,
        new SpanFilters(
            "svc", null, "openai", null, null, null, null, null, null, null, null, null, null,
            List.of(), "50%_off"));
    assertThat(sql.text()).doesNotContain("OR '1'").doesNotContain("svc").doesNotContain("50%");
    assertThat(sql.params()).containsValues("p' OR '1'='1", "svc", "openai", "50%_off");
  }

  @Test
  void aCursorIsTiedToItsListAndSaysWhatIsWrong() {
    Cursor c = new Cursor(Sort.LATENCY, false, "812.5", "0123456789abcdef0123456789abcdef", "");
    assertThat(Cursor.decode(c.encode(), Sort.LATENCY, false, false)).isEqualTo(c);
    assertThatThrownBy(() -> Cursor.decode(c.encode(), Sort.LATENCY, false, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cursor is not a cursor returned by this API");
    assertThatThrownBy(() -> Cursor.decode("not base64!", Sort.TIME, true, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
