package io.lumina.replay.runs;

import io.lumina.api.replay.RunRequest;
import io.lumina.api.replay.RunStatus;
import io.lumina.replay.providers.LlmProviders;
import io.lumina.replay.web.ConflictException;
import io.lumina.replay.web.InvalidInputException;
import io.lumina.replay.web.NotFoundException;
import io.lumina.storage.replay.ReplayRun;
import io.lumina.storage.replay.ReplayRunStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Starts and cancels runs: validates the overrides, stores the run, hands it to the executor. */
@Component
public final class RunLauncher {
  static final int MAX_TEXT = 100_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ReplayRunStore runs;
  private final RunExecutor executor;
  private final LlmProviders providers;
  private final Scorers scorers;
  private final Clock clock;

  RunLauncher(
      ReplayRunStore runs,
      RunExecutor executor,
      LlmProviders providers,
      Scorers scorers,
      Clock clock) {
    this.runs = runs;
    this.executor = executor;
    this.providers = providers;
    this.scorers = scorers;
    this.clock = clock;
  }

  /** Creates the run and starts it in the background; 400 on bad input, 404 for an unknown set. */
  public String launch(String projectId, String setId, RunRequest request) {
    RunRequest r = request == null ? RunRequest.defaults() : request;
    String provider =
        r.provider() != null
            ? r.provider().strip()
            : providers
                .defaultName()
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "provider",
                            "provider is required; configured providers: " + providers.names()));
    if (providers.find(provider).isEmpty()) {
      throw new InvalidInputException(
          "provider",
          "provider '"
              + provider
              + "' is not configured; configured providers: "
              + providers.names());
    }
    String model = r.model() == null ? null : r.model().strip();
    if (model != null && (model.isEmpty() || model.length() > 200)) {
      throw new InvalidInputException("model", "model must be 1 to 200 characters");
    }
    if (r.systemPrompt() != null && r.systemPrompt().length() > MAX_TEXT) {
      throw new InvalidInputException(
          "systemPrompt", "systemPrompt must be at most " + MAX_TEXT + " characters");
    }
    if (r.promptTemplate() != null) {
      if (r.promptTemplate().length() > MAX_TEXT) {
        throw new InvalidInputException(
            "promptTemplate", "promptTemplate must be at most " + MAX_TEXT + " characters");
      }
      if (!r.promptTemplate().contains(RunRequest.PROMPT_VARIABLE)) {
        throw new InvalidInputException(
            "promptTemplate",
            "promptTemplate must contain "
                + RunRequest.PROMPT_VARIABLE
                + " where the captured prompt goes");
      }
    }
    if (r.temperature() != null
        && (r.temperature().isNaN() || r.temperature() < 0 || r.temperature() > 2)) {
      throw new InvalidInputException("temperature", "temperature must be between 0 and 2");
    }
    if (r.maxTokens() != null && (r.maxTokens() < 1 || r.maxTokens() > 1_000_000)) {
      throw new InvalidInputException("maxTokens", "maxTokens must be between 1 and 1000000");
    }
    String scorer = r.scorer() == null ? Scorers.DEFAULT : r.scorer().strip();
    if (scorers.find(scorer).isEmpty()) {
      throw new InvalidInputException("scorer", "scorer must be one of " + scorers.names());
    }
    int total =
        runs.setSize(projectId, setId)
            .orElseThrow(() -> new NotFoundException("no replay set " + setId));
    ReplayRun run =
        new ReplayRun(
            "run_" + HexFormat.of().formatHex(randomBytes()),
            projectId,
            setId,
            RunStatus.QUEUED,
            provider,
            model,
            r.systemPrompt(),
            r.promptTemplate(),
            r.temperature(),
            r.maxTokens(),
            scorer,
            total,
            0,
            null,
            clock.instant(),
            null,
            null);
    runs.insert(run);
    executor.start(run, false);
    return run.id();
  }

  /** Cancels a queued or running run; 409 when it already finished. */
  public void cancel(String projectId, String runId) {
    ReplayRun run =
        runs.find(projectId, runId)
            .orElseThrow(() -> new NotFoundException("no replay run " + runId));
    if (run.status().finished()) {
      throw new ConflictException(
          HttpStatus.CONFLICT, "run " + runId + " already " + run.status().db());
    }
    // mark first, so a call finishing meanwhile cannot complete the run
    if (!runs.finish(
        projectId, runId, RunStatus.CANCELLED, "cancelled by request", clock.instant())) {
      throw new ConflictException(
          HttpStatus.CONFLICT, "run " + runId + " finished before it could be cancelled");
    }
    executor.cancel(runId);
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }
}
