package io.lumina.replay.shortpaths;

import io.lumina.api.replay.CaptureRequest;
import io.lumina.api.replay.DiffView;
import io.lumina.api.replay.ReplaySetView;
import io.lumina.api.replay.RunRequest;
import io.lumina.api.replay.RunView;
import io.lumina.replay.runs.RunLauncher;
import io.lumina.replay.runs.RunResults;
import io.lumina.replay.sets.ReplaySetCapture;
import io.lumina.replay.web.InvalidInputException;
import io.lumina.replay.web.ProjectResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Short paths, one per replay step, as thin aliases of the {@code /api/replay} API (see
 * docs/replay.md, "Short paths"): {@code POST /replay/capture} ({@code createReplaySet}), {@code
 * POST /replay/run} ({@code replayTraces}, body {@code {replaySetId, ...overrides}}) and {@code GET
 * /replay/{id}/diff} (a run id, or a set id for its newest run).
 */
@RestController
class ShortPathController {
  private final ReplaySetCapture capture;
  private final RunLauncher launcher;
  private final RunResults results;
  private final ProjectResolver projects;

  ShortPathController(
      ReplaySetCapture capture,
      RunLauncher launcher,
      RunResults results,
      ProjectResolver projects) {
    this.capture = capture;
    this.launcher = launcher;
    this.results = results;
    this.projects = projects;
  }

  /** The replayTraces body: the set plus the same overrides as a run request. */
  record SetRunRequest(
      String replaySetId,
      String provider,
      String model,
      String systemPrompt,
      String promptTemplate,
      Double temperature,
      Long maxTokens,
      String scorer) {}

  @PostMapping("/replay/capture")
  ResponseEntity<ReplaySetView> capture(
      @RequestBody(required = false) CaptureRequest body, HttpServletRequest request) {
    ReplaySetView set = capture.capture(projects.projectOf(request), body);
    return ResponseEntity.created(URI.create("/api/replay/sets/" + set.id())).body(set);
  }

  @PostMapping("/replay/run")
  ResponseEntity<RunView> run(
      @RequestBody(required = false) SetRunRequest body, HttpServletRequest request) {
    if (body == null || body.replaySetId() == null || body.replaySetId().isBlank()) {
      throw new InvalidInputException("replaySetId", "replaySetId is required");
    }
    String project = projects.projectOf(request);
    String runId =
        launcher.launch(
            project,
            body.replaySetId().strip(),
            new RunRequest(
                body.provider(),
                body.model(),
                body.systemPrompt(),
                body.promptTemplate(),
                body.temperature(),
                body.maxTokens(),
                body.scorer()));
    return ResponseEntity.accepted()
        .location(URI.create("/api/replay/runs/" + runId))
        .body(results.view(project, runId));
  }

  @GetMapping("/replay/{id}/diff")
  DiffView diff(@PathVariable String id, HttpServletRequest request) {
    return results.diffOfRunOrSet(projects.projectOf(request), id);
  }
}
