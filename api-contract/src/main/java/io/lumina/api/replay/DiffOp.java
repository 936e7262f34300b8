package io.lumina.api.replay;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One run of the word diff: text both responses share ({@code equal}), text only the original had
 * ({@code delete}) or text only the replay has ({@code insert}). Concatenating the equal and delete
 * texts gives the original response; equal and insert give the new one.
 */
public record DiffOp(Op op, String text) {

  /** The kind of run, serialized lower-case. */
  public enum Op {
    @JsonProperty("equal")
    EQUAL,
    @JsonProperty("insert")
    INSERT,
    @JsonProperty("delete")
    DELETE
  }

  public DiffOp {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(text, "text");
  }
}
