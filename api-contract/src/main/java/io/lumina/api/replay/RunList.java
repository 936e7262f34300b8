package io.lumina.api.replay;

import java.util.List;

/** {@code GET /api/replay/sets/{setId}/runs}: the set's runs, newest first. */
public record RunList(String setId, List<ReplaySetView.RunRef> runs) {}
