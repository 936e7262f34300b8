package io.lumina.storage.alerts;

import io.lumina.api.alerts.Channel;
import java.util.List;
import java.util.Optional;

/**
 * {@code notification_channels}, always within the caller's project. The secret is written, never
 * read back: a channel says only whether it has one.
 */
public interface ChannelStore {

  List<Channel> list(String projectId);

  Optional<Channel> find(String projectId, String id);

  Channel create(String projectId, ChannelDefinition channel);

  /** Updates a channel; a null secret keeps the stored one, "" removes it. */
  Optional<Channel> update(String projectId, String id, ChannelDefinition channel);

  boolean delete(String projectId, String id);
}
