package io.lumina.replay.runs;

import io.lumina.api.replay.DiffView;
import io.lumina.api.replay.RunRequest;
import io.lumina.api.replay.RunView;
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
 * Runs of a replay set: start (202, runs in the background), progress and summary, diff, cancel.
 */
@RestController
class RunController {
  private final RunLauncher launcher;
  private final RunResults results;
  private final ProjectResolver projects;

  RunController(RunLauncher launcher, RunResults results, ProjectResolver projects) {
    this.launcher = launcher;
    this.results = results;
    this.projects = projects;
  }

  @PostMapping("/api/replay/sets/{setId}/runs")
  ResponseEntity<RunView> start(
      @PathVariable String setId,
      @RequestBody(required = false) RunRequest body,
      HttpServletRequest request) {
    String project = projects.projectOf(request);
    String runId = launcher.launch(project, setId, body);
    return ResponseEntity.accepted()
        .location(URI.create("/api/replay/runs/" + runId))
        .body(results.view(project, runId));
  }

  @GetMapping("/api/replay/runs/{runId}")
  RunView get(@PathVariable String runId, HttpServletRequest request) {
    return results.view(projects.projectOf(request), runId);
  }

  @GetMapping("/api/replay/runs/{runId}/diff")
  DiffView diff(@PathVariable String runId, HttpServletRequest request) {
    return results.diff(projects.projectOf(request), runId);
  }

  @PostMapping("/api/replay/runs/{runId}/cancel")
  RunView cancel(@PathVariable String runId, HttpServletRequest request) {
    String project = projects.projectOf(request);
    launcher.cancel(project, runId);
    return results.view(project, runId);
  }
}
