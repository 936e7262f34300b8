package io.lumina.storage.alerts;

import io.lumina.api.alerts.ChannelType;
import java.util.List;

/**
 * A validated channel to create, or the new state of one. {@code secret}: null keeps the stored one
 * (on update), "" removes it.
 */
public record ChannelDefinition(
    String name,
    ChannelType type,
    String url,
    String secret,
    List<String> services,
    boolean enabled) {}
