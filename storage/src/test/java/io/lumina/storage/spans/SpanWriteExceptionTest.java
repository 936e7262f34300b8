package io.lumina.storage.spans;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SpanWriteExceptionTest {

  @Test
  void outageErrorsAreRecognisedAndDataErrorsAreNot() {
    assertThat(failure(new SQLException("refused", "08001")).isOutage()).isTrue();
    assertThat(failure(new SQLException("shutting down", "57P01")).isOutage()).isTrue();
    assertThat(failure(new SQLTransientConnectionException("pool timeout")).isOutage()).isTrue();
    assertThat(failure(new SQLException("bad json", "22P02")).isOutage()).isFalse();
    assertThat(failure(new SQLException("check", "23514")).isOutage()).isFalse();
  }

  @Test
  void keepsTheStateAndMessageForTheDeadLetterReason() {
    SpanWriteException e = failure(new SQLException("bad json", "22P02"));
    assertThat(e.sqlState()).isEqualTo("22P02");
    assertThat(e.getMessage()).isEqualTo("bad json");
  }

  static SpanWriteException failure(SQLException cause) {
    return new SpanWriteException(cause);
  }
}
