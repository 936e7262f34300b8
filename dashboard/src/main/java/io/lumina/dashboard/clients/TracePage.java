package io.lumina.dashboard.clients;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A page of traces and the cursor of the next page (null on the last page). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TracePage(
    List<TraceSummary> traces, @JsonAlias({"cursor", "next"}) String nextCursor) {
  public TracePage {
    traces = traces == null ? List.of() : List.copyOf(traces);
  }
}
