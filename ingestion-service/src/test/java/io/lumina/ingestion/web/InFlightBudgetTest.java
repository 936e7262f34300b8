package io.lumina.ingestion.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class InFlightBudgetTest {

  @Test
  void aRequestIsAdmittedWithItsDeclaredLengthAndGivesEverythingBackWhenClosed() throws Exception {
    InFlightBudget budget = new InFlightBudget(1000);

    try (InFlightBudget.Lease lease = budget.admit(300)) {
      lease.charge(200);
      assertThat(budget.used()).isEqualTo(500);
      assertOverloaded(() -> budget.admit(600), "in-flight memory limit");
      assertThat(budget.used()).as("a refused admission holds nothing").isEqualTo(500);
    }

    assertThat(budget.used()).isZero();
    budget.admit(1000).close();
  }

  @Test
  void aChargeThatDoesNotFitIsRefusedAndTheLeaseKeepsWhatItHad() throws Exception {
    InFlightBudget budget = new InFlightBudget(64_000);
    InFlightBudget.Lease other = budget.admit(60_000);
    InFlightBudget.Lease lease = budget.admit(500);

    assertOverloaded(() -> lease.charge(5_000), "in-flight memory limit of 64000 bytes");

    assertThat(lease.charged()).isEqualTo(500);
    lease.close();
    other.close();
    assertThat(budget.used()).isZero();
  }

  @Test
  void aSingleRequestLargerThanTheBudgetPassesWhenNothingElseIsInFlight() throws Exception {
    InFlightBudget budget = new InFlightBudget(1000);

    try (InFlightBudget.Lease lease = budget.admit(5000)) {
      assertThat(lease.charged()).isEqualTo(5000);
    }
  }

  @Test
  void largeRequestsTogetherHoldAtMostHalfTheBudgetSoSmallOnesStillGetIn() throws Exception {
    InFlightBudget budget = new InFlightBudget(64 * 1000); // "large" means over 1000 bytes
    InFlightBudget.Lease first = budget.admit(16_000);
    InFlightBudget.Lease second = budget.admit(16_000);

    assertOverloaded(() -> budget.admit(16_000), "in-flight memory limit");

    // the other half is there for ordinary requests
    InFlightBudget.Lease[] small = new InFlightBudget.Lease[30];
    for (int i = 0; i < small.length; i++) {
      small[i] = budget.admit(1000);
    }
    // a request that grows large counts what it already holds against the large share
    assertOverloaded(() -> small[0].charge(500), "in-flight memory limit");
    first.close();
    small[0].charge(500);
    assertOverloaded(() -> budget.admit(16_000), "in-flight memory limit");
    second.close();
    budget.admit(16_000).close();
    for (InFlightBudget.Lease lease : small) {
      lease.close();
    }
    assertThat(budget.used()).isZero();
  }

  @Test
  void concurrencyIsBoundedAndAPermitReturnsWithItsLease() throws Exception {
    InFlightBudget budget = new InFlightBudget(1 << 20, 2);
    InFlightBudget.Lease a = budget.admit(0);
    InFlightBudget.Lease b = budget.admit(0);

    assertOverloaded(() -> budget.admit(0), "maximum of 2 concurrent requests");

    a.close();
    a.close(); // closing twice gives back nothing more
    budget.admit(0).close();
    b.close();
  }

  @Test
  void decompressedBytesAreChargedAsTheyAreProduced() throws Exception {
    byte[] text = "hello OTLP ".repeat(100_000).getBytes(); // 1.1 MB, about 3 KB compressed
    byte[] gz = RequestBodiesTest.gzip(text);
    InFlightBudget budget = new InFlightBudget(4 << 20);

    try (InFlightBudget.Lease lease = budget.admit(gz.length)) {
      byte[] body =
          RequestBodies.decode(new ByteArrayInputStream(gz), gz.length, "gzip", 16 << 20, lease);
      assertThat(body).isEqualTo(text);
      // the compressed length, and the decompressed body
      assertThat(lease.charged()).isEqualTo(gz.length + text.length);
    }

    InFlightBudget small = new InFlightBudget(256 * 1024);
    InputStream decoded = new GZIPInputStream(new ByteArrayInputStream(gz));
    assertThat(decoded.readAllBytes()).hasSize(text.length);
    try (InFlightBudget.Lease other = small.admit(1000);
        InFlightBudget.Lease lease = small.admit(gz.length)) {
      assertOverloaded(
          () ->
              RequestBodies.decode(
                  new ByteArrayInputStream(gz), gz.length, "gzip", 16 << 20, lease),
          "in-flight memory limit");
    }
    assertThat(small.used()).isZero();
  }

  private static void assertOverloaded(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            BodyRejectedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.reason()).isEqualTo("overloaded");
              assertThat(e.getMessage()).contains(messagePart);
            });
  }
}
