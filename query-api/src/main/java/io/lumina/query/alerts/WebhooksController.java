package io.lumina.query.alerts;

import io.lumina.api.alerts.Channel;
import io.lumina.api.alerts.ChannelRequest;
import io.lumina.outbound.OutboundPolicy;
import io.lumina.security.ApiKey;
import io.lumina.security.ApiKeyRole;
import io.lumina.security.Gatekeeper;
import io.lumina.storage.alerts.ChannelStore;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/webhooks}: notification channels (generic webhook, Slack, PagerDuty) that alerts are
 * delivered to. Secrets are write-only: responses say only whether one is set; a read-only key sees
 * URLs cut to scheme and host.
 */
@RestController
@RequestMapping("/api/webhooks")
class WebhooksController {
  private final ChannelStore channels;
  private final AlertsApiProperties properties;
  private final OutboundPolicy outbound;

  WebhooksController(
      ChannelStore channels, AlertsApiProperties properties, OutboundPolicy outbound) {
    this.channels = channels;
    this.properties = properties;
    this.outbound = outbound;
  }

  @GetMapping
  Map<String, List<Channel>> list(HttpServletRequest request) {
    return Map.of(
        "webhooks",
        channels.list(Caller.project(request)).stream().map(c -> shown(c, request)).toList());
  }

  @GetMapping("/{id}")
  Channel get(@PathVariable String id, HttpServletRequest request) {
    return shown(
        channels.find(Caller.project(request), id).orElseThrow(() -> unknown(id)), request);
  }

  @PostMapping
  ResponseEntity<Channel> create(@RequestBody ChannelRequest input, HttpServletRequest request) {
    Channel created =
        channels.create(
            Caller.project(request),
            ChannelRequests.validate(
                input, outbound, properties.pagerdutyEventsUrl(), true, false));
    return ResponseEntity.created(URI.create("/api/webhooks/" + created.id())).body(created);
  }

  @PutMapping("/{id}")
  Channel update(
      @PathVariable String id, @RequestBody ChannelRequest input, HttpServletRequest request) {
    String project = Caller.project(request);
    Channel existing = channels.find(project, id).orElseThrow(() -> unknown(id));
    return channels
        .update(
            project,
            id,
            ChannelRequests.validate(
                input, outbound, properties.pagerdutyEventsUrl(), false, existing.hasSecret()))
        .orElseThrow(() -> unknown(id));
  }

  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
    if (!channels.delete(Caller.project(request), id)) {
      throw unknown(id);
    }
    return ResponseEntity.noContent().build();
  }

  private static Channel shown(Channel channel, HttpServletRequest request) {
    return request.getAttribute(Gatekeeper.KEY_ATTRIBUTE) instanceof ApiKey key
            && key.role() == ApiKeyRole.READ
        ? channel.forReader()
        : channel;
  }

  private static AlertApiException unknown(String id) {
    return AlertApiException.notFound("no webhook " + id + " in this project");
  }
}
