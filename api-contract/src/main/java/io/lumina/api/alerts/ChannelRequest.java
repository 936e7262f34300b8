package io.lumina.api.alerts;

import java.util.List;

/**
 * The body of {@code POST} and {@code PUT /api/webhooks}, as sent.
 *
 * @param type a {@link ChannelType} wire name; omitted: webhook
 * @param url omitted for PagerDuty: its Events API v2 URL
 * @param secret the webhook's HMAC key, or PagerDuty's routing key; on PUT, omitted keeps the
 *     stored one and "" removes it
 * @param services the services whose alerts it gets; omitted or empty: all
 */
public record ChannelRequest(
    String name, String type, String url, String secret, List<String> services, Boolean enabled) {}
