package io.lumina.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.api.alerts.ChannelRequest;
import io.lumina.outbound.OutboundPolicy;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Channel URLs at literal internal addresses are refused when the channel is configured. */
class ChannelRequestsTest {

  private static final String PAGERDUTY = "https://events.pagerduty.com/v2/enqueue";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://127.0.0.1/, loopback",
    "http://[::1]/, loopback",
    "http://localhost/, loopback",
    "http://169.254.169.254/, cloud metadata",
    "http://10.0.0.1/, private",
    "http://192.168.1.1/, private",
    "http://[fc00::1]/, unique-local",
    "http://[::ffff:127.0.0.1]/, loopback",
    "http://2130706433/, loopback",
    "http://0177.0.0.1/, loopback",
  })
  void literalInternalAddressesAreA400NamingTheRuleForEveryChannelType(String url, String rule) {
    for (String type : List.of("webhook", "slack", "pagerduty")) {
      ChannelRequest request = new ChannelRequest("c", type, url, "secret", List.of(), true);
      assertThatThrownBy(
              () ->
                  ChannelRequests.validate(
                      request, OutboundPolicy.strict(), PAGERDUTY, true, false))
          .isInstanceOf(AlertApiException.class)
          .hasMessageContaining("url refused")
          .hasMessageContaining(rule);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://hooks.slack.com/services/T/B/X",
        "https://example.com/hook",
        "http://93.184.215.14:8080/hook"
      })
  void publicUrlsPass(String url) {
    ChannelRequest request = new ChannelRequest("c", "webhook", url, null, List.of(), true);
    assertThat(
            ChannelRequests.validate(request, OutboundPolicy.strict(), PAGERDUTY, true, false)
                .url())
        .isEqualTo(url);
  }
}
