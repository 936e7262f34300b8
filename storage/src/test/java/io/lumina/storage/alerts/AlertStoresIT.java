package io.lumina.storage.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lumina.api.alerts.AlertKind;
import io.lumina.api.alerts.AlertRule;
import io.lumina.api.alerts.AlertView;
import io.lumina.api.alerts.Channel;
import io.lumina.api.alerts.ChannelType;
import io.lumina.storage.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The alert stores against the real PostgreSQL: every kind and channel type the contract names is
 * stored and read back (the enums are the only list of them), and an alert goes from firing through
 * its deliveries to resolved.
 */
class AlertStoresIT {
  private final JdbcTemplate jdbc = new JdbcTemplate(TestStorage.dataSource());
  private final AlertRuleStore rules = new JdbcAlertRuleStore(jdbc);
  private final AlertStore alerts = new JdbcAlertStore(jdbc);
  private final ChannelStore channels = new JdbcChannelStore(jdbc, TestStorage.secrets());
  private final DeliveryStore deliveries = new JdbcDeliveryStore(jdbc, TestStorage.secrets());
  private String project;

  @BeforeEach
  void project() {
    project = "p-" + UUID.randomUUID();
    jdbc.update("INSERT INTO projects (id, name) VALUES (?, ?)", project, project);
  }

  @Test
  void everyAlertKindIsStoredAndWatched() {
    for (AlertKind kind : AlertKind.values()) {
      AlertRule created =
          rules.create(project, new RuleDefinition("svc", null, kind, 0.5, 1800, 5, true));
      assertThat(created.kind()).isEqualTo(kind);
      assertThat(created.window()).isEqualTo("30m");
      assertThat(rules.find(project, created.id())).contains(created);
    }
    assertThat(rules.list(project, "svc"))
        .extracting(AlertRule::kind)
        .containsExactlyInAnyOrder(AlertKind.values());
    assertThat(rules.enabledRules())
        .filteredOn(r -> r.projectId().equals(project))
        .allSatisfy(r -> assertThat(r.window()).isEqualTo(Duration.ofMinutes(30)))
        .extracting(ActiveRule::kind)
        .containsExactlyInAnyOrder(AlertKind.values());
  }

  @Test
  void aSecondRuleOfAKindIsRefusedAndUpsertUpdatesTheFirst() {
    RuleDefinition cost =
        new RuleDefinition("svc", null, AlertKind.COST_SPIKE, 2.0, 3600, null, true);
    AlertRule first = rules.create(project, cost);
    assertThatThrownBy(() -> rules.create(project, cost))
        .isInstanceOf(DuplicateRuleException.class);
    AlertRule updated = rules.upsert(project, "svc", AlertKind.COST_SPIKE, 3.0, 7200);
    assertThat(updated.id()).isEqualTo(first.id());
    assertThat(updated.threshold()).isEqualTo(3.0);
    assertThat(updated.window()).isEqualTo("2h");
  }

  @Test
  void everyChannelTypeIsStoredWithoutShowingItsSecret() {
    for (ChannelType type : ChannelType.values()) {
      Channel c =
          channels.create(
              project,
              new ChannelDefinition(
                  type.wire(),
                  type,
                  "https://hooks.example.com/services/T000/B000/XXXX",
                  "s3cret",
                  List.of(),
                  true));
      assertThat(c.type()).isEqualTo(type);
      assertThat(c.hasSecret()).isTrue();
      assertThat(c.url())
          .isEqualTo(
              type == ChannelType.SLACK
                  ? "https://hooks.example.com/…"
                  : "https://hooks.example.com/services/T000/B000/XXXX");
    }
    assertThat(channels.list(project))
        .extracting(Channel::type)
        .containsExactlyInAnyOrder(ChannelType.values());
  }

  @Test
  void anAlertFiresOnceIsDeliveredAndResolvedByHandTellsTheChannelsThatGotIt() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    AlertRule rule =
        rules.create(
            project, new RuleDefinition("svc", null, AlertKind.ERROR_RATE, 0.05, 3600, null, true));
    ActiveRule active =
        rules.enabledRules().stream().filter(r -> r.id().equals(rule.id())).findFirst().get();
    Channel hook =
        channels.create(
            project,
            new ChannelDefinition(
                "ops", ChannelType.WEBHOOK, "https://ops.example.com/h", null, List.of(), true));
    Measurement m =
        new Measurement("/api/chat", 0.01, 0.2, 1900.0, 40, 900, "Error Rate Increase", "text");

    String alertId = alerts.fire(active, m, now).orElseThrow();
    assertThat(alerts.fire(active, m, now)).as("one open alert per rule").isEmpty();
    assertThat(alerts.openAlert(rule.id())).map(OpenAlert::id).contains(alertId);
    assertThat(deliveries.queue(alertId, project, "svc", "trigger", now)).isEqualTo(1);

    List<Long> leased = deliveries.lease("me", now, now.plusSeconds(30), 100, List.of());
    assertThat(deliveries.lease("other", now, now.plusSeconds(30), 100, List.of()))
        .as("leased rows are skipped")
        .doesNotContainAnyElementsOf(leased);
    assertThat(deliveries.load(leased))
        .filteredOn(d -> d.alert().id().equals(alertId))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.alert().kind()).isEqualTo(AlertKind.ERROR_RATE);
              assertThat(d.channel().type()).isEqualTo(ChannelType.WEBHOOK);
              assertThat(d.channel().enabled()).isTrue();
              assertThat(deliveries.delivered(d.id(), "other", 200, now))
                  .as("not the lease's owner")
                  .isFalse();
              assertThat(deliveries.delivered(d.id(), "me", 200, now)).isTrue();
              assertThat(deliveries.failed(d.id(), "me", 500, "late", now, now.plusSeconds(1)))
                  .as("a delivered row never goes back")
                  .isFalse();
            });

    assertThat(alerts.resolveByHand(project, alertId, now)).isTrue();
    assertThat(alerts.resolveByHand(project, alertId, now)).isFalse();
    deliveries.queueResolvesOfTriggered(project, alertId, now);
    AlertView resolved = alerts.find(project, alertId).orElseThrow();
    assertThat(resolved.status()).isEqualTo("resolved");
    assertThat(resolved.resolvedBy()).isEqualTo("api");
    assertThat(resolved.kind()).isEqualTo(AlertKind.ERROR_RATE);
    assertThat(deliveries.list(project, alertId))
        .extracting(AlertView.DeliveryView::event, AlertView.DeliveryView::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("trigger", "delivered"),
            org.assertj.core.groups.Tuple.tuple("resolve", "pending"));
    assertThat(deliveries.list(project, alertId))
        .allSatisfy(d -> assertThat(d.channelId()).isEqualTo(hook.id()));
    assertThat(alerts.list(project, "open", null, null, 10)).isEmpty();
    assertThat(alerts.list(project, null, "svc", AlertKind.ERROR_RATE, 10))
        .extracting(AlertView::id)
        .containsExactly(alertId);
  }

  @Test
  void aRenewedLeaseKeepsTheDeliveryAndALostOneCannotRecordItsOutcome() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Channel hook =
        channels.create(
            project,
            new ChannelDefinition(
                "ops", ChannelType.WEBHOOK, "https://ops.example.com/h", null, List.of(), true));
    String alert = "alert_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    jdbc.update(
        """
        INSERT INTO alerts (id, project_id, kind, service_name, status, baseline, current, threshold,
          window_seconds, current_samples, baseline_samples, title, summary, fired_at, last_evaluated_at)
        VALUES (?, ?, 'error_rate', 'svc', 'firing', 0, 1, 0.5, 60, 1, 1, 't', 's', now(), now())""",
        alert,
        project);
    deliveries.queue(alert, project, "svc", "trigger", now);
    long id =
        jdbc.queryForObject(
            "SELECT id FROM alert_deliveries WHERE alert_id = ?", Long.class, alert);

    assertThat(deliveries.lease("a", now, now.plusSeconds(10), 1000, List.of(hook.id())))
        .as("a busy channel's deliveries are left for later")
        .doesNotContain(id);
    assertThat(deliveries.lease("a", now, now.plusSeconds(10), 1000, List.of())).contains(id);
    assertThat(deliveries.renew("a", List.of(id), now.plusSeconds(30))).isEqualTo(1);
    assertThat(deliveries.renew("b", List.of(id), now.plusSeconds(60))).isZero();
    assertThat(deliveries.lease("b", now.plusSeconds(20), now.plusSeconds(40), 1000, List.of()))
        .as("the renewed lease still holds")
        .doesNotContain(id);
    assertThat(deliveries.lease("b", now.plusSeconds(31), now.plusSeconds(60), 1000, List.of()))
        .as("an expired lease is taken over")
        .contains(id);
    assertThat(deliveries.failed(id, "a", null, "timeout", now, now.plusSeconds(5)))
        .as("the first owner lost the lease")
        .isFalse();
    assertThat(deliveries.delivered(id, "b", 200, now.plusSeconds(32))).isTrue();
    assertThat(deliveries.list(project, alert))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.status()).isEqualTo("delivered");
              assertThat(d.attempts()).isEqualTo(1);
            });
  }
}
