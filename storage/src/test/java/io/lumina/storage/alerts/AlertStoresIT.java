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

    List<Long> leased = deliveries.lease(now, now.plusSeconds(30), 100);
    assertThat(deliveries.load(leased))
        .filteredOn(d -> d.alert().id().equals(alertId))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.alert().kind()).isEqualTo(AlertKind.ERROR_RATE);
              assertThat(d.channel().type()).isEqualTo(ChannelType.WEBHOOK);
              assertThat(d.channel().enabled()).isTrue();
              deliveries.delivered(d.id(), 200, now);
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
}
