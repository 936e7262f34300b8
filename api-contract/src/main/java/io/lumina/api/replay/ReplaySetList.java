package io.lumina.api.replay;

import java.util.List;

/** {@code GET /api/replay/sets}: the project's sets, newest first, without items and runs. */
public record ReplaySetList(List<ReplaySetView> sets) {}
