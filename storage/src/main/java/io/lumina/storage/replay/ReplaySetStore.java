package io.lumina.storage.replay;

import io.lumina.api.replay.ReplaySetView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Replay sets and their captured items. Every method is scoped by project. */
public interface ReplaySetStore {

  /**
   * Creates a set and copies the selected calls into it, in one transaction: a set is either whole
   * or absent.
   *
   * @param filtersJson the filters as the API shows them (a JSON object)
   * @return how many calls were copied; 0 means nothing matched and no set was created
   */
  int create(
      String projectId,
      String setId,
      String name,
      String filtersJson,
      Instant createdAt,
      SpanSelection selection);

  /** The project's sets, newest first, without items and runs. */
  List<ReplaySetView> list(String projectId, int limit);

  /** The set without its items and runs. */
  Optional<ReplaySetView> find(String projectId, String setId);

  /** The set's items in order. */
  List<ReplaySetView.Item> items(String projectId, String setId);

  /** The set's runs, newest first. */
  List<ReplaySetView.RunRef> runs(String projectId, String setId);
}
