package io.lumina.replay.sets;

import io.lumina.api.replay.CaptureRequest;
import io.lumina.api.replay.ReplaySetList;
import io.lumina.api.replay.ReplaySetView;
import io.lumina.api.replay.RunList;
import io.lumina.replay.web.InvalidInputException;
import io.lumina.replay.web.ProjectResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/replay/sets}: capture a set of production calls, list sets, show one with its items.
 */
@RestController
class ReplaySetController {
  private final ReplaySetCapture capture;
  private final ProjectResolver projects;

  ReplaySetController(ReplaySetCapture capture, ProjectResolver projects) {
    this.capture = capture;
    this.projects = projects;
  }

  @PostMapping("/api/replay/sets")
  ResponseEntity<ReplaySetView> create(
      @RequestBody(required = false) CaptureRequest body, HttpServletRequest request) {
    ReplaySetView set = capture.capture(projects.projectOf(request), body);
    return ResponseEntity.created(URI.create("/api/replay/sets/" + set.id())).body(set);
  }

  @GetMapping("/api/replay/sets")
  ReplaySetList list(@RequestParam(defaultValue = "50") int limit, HttpServletRequest request) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidInputException("limit", "limit must be between 1 and 1000");
    }
    return new ReplaySetList(capture.list(projects.projectOf(request), limit));
  }

  @GetMapping("/api/replay/sets/{setId}")
  ReplaySetView get(@PathVariable String setId, HttpServletRequest request) {
    return capture.find(projects.projectOf(request), setId);
  }

  /**
   * The set's runs, newest first (404 for an unknown set); starting one is a POST to the same path.
   */
  @GetMapping("/api/replay/sets/{setId}/runs")
  RunList runs(@PathVariable String setId, HttpServletRequest request) {
    return new RunList(setId, capture.runs(projects.projectOf(request), setId));
  }
}
