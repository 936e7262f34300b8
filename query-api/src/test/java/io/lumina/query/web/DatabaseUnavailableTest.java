package io.lumina.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** A query whose connection dies under it is a retryable 503, not a 500. */
class DatabaseUnavailableTest {

  @Test
  void aLostConnectionIsARetryable503() {
    ResponseEntity<ProblemDetail> answer =
        new ProblemHandler()
            .databaseUnavailable(
                new DataAccessResourceFailureException("An I/O error occurred while sending"));

    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    assertThat(answer.getBody().getType()).isEqualTo(ProblemHandler.DATABASE_UNAVAILABLE);
  }
}
