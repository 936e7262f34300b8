package io.lumina.storage.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.api.alerts.Channel;
import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.TestStorage;
import io.lumina.storage.alerts.ChannelDefinition;
import io.lumina.storage.alerts.ChannelStore;
import io.lumina.storage.alerts.DeliveryStore;
import io.lumina.storage.alerts.StoreAccess;
import io.lumina.testing.TestInfra;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Channel URLs and secrets in the real database: never stored in clear, clear rows from before are
 * encrypted at start, a rotation re-encrypts every row under the new key, and a start that cannot
 * open them fails with the fix in the message.
 */
class SecretsAtRestIT {
  private static final String SLACK = "https://hooks.slack.com/services/T000/B000/sl4ck-t0ken";
  private static final String HOOK = "https://example.org/hook?token=w3bh00k-t0ken";
  private static final String HMAC = "hmac-s3cret-value";

  private final JdbcTemplate jdbc = TestStorage.jdbc();
  private final SealedColumns columns = new SealedColumns(jdbc);
  private final SecretCipher testKey = SecretCipher.fromBase64(TestInfra.SECRET_KEY);
  private String project;

  @BeforeEach
  void project() {
    project = TestStorage.project();
    jdbc.update("INSERT INTO projects (id, name) VALUES (?, ?)", project, project);
  }

  @Test
  void noSecretIsReadableInTheRowsAndTheStoresReadThemBack() {
    ChannelStore channels = StoreAccess.channels(jdbc, TestStorage.secrets());
    Channel slack =
        channels.create(
            project, new ChannelDefinition("s", ChannelType.SLACK, SLACK, null, List.of(), true));
    Channel hook =
        channels.create(
            project, new ChannelDefinition("w", ChannelType.WEBHOOK, HOOK, HMAC, List.of(), true));
    channels.update(
        project,
        hook.id(),
        new ChannelDefinition("w2", ChannelType.WEBHOOK, HOOK, HMAC + "2", List.of(), true));

    assertNoClearSecretIn(project);
    assertThat(channels.find(project, hook.id()).orElseThrow().url()).isEqualTo(HOOK);
    assertThat(channels.find(project, slack.id()).orElseThrow().url())
        .isEqualTo("https://hooks.slack.com/…");
    assertThat(channels.find(project, hook.id()).orElseThrow().hasSecret()).isTrue();
    assertThat(channels.find(project, hook.id()).orElseThrow().forReader().url())
        .isEqualTo("https://example.org/…");
    assertThat(deliveredChannel(hook.id())).containsExactly(HOOK, HMAC + "2");
  }

  @Test
  void clearRowsFromBeforeAreEncryptedAtStartAndStillDeliver() {
    String id = insertClear(HOOK, HMAC);
    SecretsStartup.run(columns, TestStorage.secrets());
    assertNoClearSecretIn(project);
    assertThat(columns.census().clearRows()).isZero();
    assertThat(deliveredChannel(id)).containsExactly(HOOK, HMAC);
  }

  @Test
  void rotationReEncryptsEveryRowUnderTheNewKey() {
    String id = insertClear(SLACK, null);
    ChannelStore channels = StoreAccess.channels(jdbc, TestStorage.secrets());
    channels.create(
        project, new ChannelDefinition("w", ChannelType.WEBHOOK, HOOK, HMAC, List.of(), true));
    SecretCipher next = SecretCipher.fromBase64(SecretCipher.generateBase64());
    try {
      int changed = columns.reseal(testKey, next, 1);
      assertThat(changed).isGreaterThanOrEqualTo(2);
      assertThat(columns.census().keyIds()).containsExactly(next.keyId());
      assertThat(columns.census().clearRows()).isZero();
      assertNoClearSecretIn(project);
      assertThat(StoreAccess.deliveries(jdbc, Secrets.of(next)).load(List.of(delivery(id))))
          .singleElement()
          .satisfies(d -> assertThat(d.channel().url()).isEqualTo(SLACK));
      // a start with the old key now refuses, naming the rotation
      assertThatThrownBy(() -> SecretsStartup.run(columns, TestStorage.secrets()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(next.keyId())
          .hasMessageContaining("./lumina secrets rotate");
      // and one without any key names the setting
      assertThatThrownBy(() -> SecretsStartup.run(columns, Secrets.of(null)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("LUMINA_SECRET_KEY");
      // running it again changes nothing
      assertThat(columns.reseal(testKey, next, 100)).isZero();
    } finally {
      columns.reseal(next, testKey, 100);
    }
    assertThat(columns.census().keyIds()).containsExactly(testKey.keyId());
  }

  private String insertClear(String url, String secret) {
    String id = "wh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    jdbc.update(
        "INSERT INTO notification_channels (id, project_id, name, type, url, secret) VALUES (?, ?, 'c', 'webhook', ?, ?)",
        id,
        project,
        url,
        secret);
    return id;
  }

  private List<String> deliveredChannel(String channelId) {
    DeliveryStore deliveries = StoreAccess.deliveries(jdbc, TestStorage.secrets());
    var d = deliveries.load(List.of(delivery(channelId))).getFirst();
    return java.util.Arrays.asList(d.channel().url(), d.channel().secret());
  }

  /** A delivery of a new alert to the channel, so the worker's read path can be exercised. */
  private long delivery(String channelId) {
    String alert = "alert_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    jdbc.update(
        """
        INSERT INTO alerts (id, project_id, kind, service_name, status, baseline, current, threshold,
          window_seconds, current_samples, baseline_samples, title, summary, fired_at, last_evaluated_at)
        VALUES (?, ?, 'error_rate', 'svc', 'firing', 0, 1, 0.5, 60, 1, 1, 't', 's', now(), now())""",
        alert,
        project);
    return jdbc.queryForObject(
        """
        INSERT INTO alert_deliveries (project_id, alert_id, channel_id, event, status, next_attempt_at, created_at)
        VALUES (?, ?, ?, 'trigger', 'pending', now(), now()) RETURNING id""",
        Long.class,
        project,
        alert,
        channelId);
  }

  private void assertNoClearSecretIn(String projectId) {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT url, secret FROM notification_channels WHERE project_id = ?", projectId);
    assertThat(rows).isNotEmpty();
    for (Map<String, Object> row : rows) {
      String text = row.toString();
      assertThat(text).doesNotContain("sl4ck-t0ken", "w3bh00k-t0ken", "s3cret", "http");
      assertThat(SecretCipher.isSealed((String) row.get("url"))).isTrue();
    }
  }
}
