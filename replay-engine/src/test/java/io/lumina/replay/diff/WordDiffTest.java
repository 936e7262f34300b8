package io.lumina.replay.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.api.replay.DiffOp;
import io.lumina.api.replay.DiffOp.Op;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WordDiffTest {

  @Test
  void aChangedWordIsOneDeleteAndOneInsertBetweenEqualRuns() {
    assertThat(WordDiff.diff("The capital of France is Paris.", "The capital of France is Lyon."))
        .containsExactly(
            new DiffOp(Op.EQUAL, "The capital of France is "),
            new DiffOp(Op.DELETE, "Paris."),
            new DiffOp(Op.INSERT, "Lyon."));
  }

  @Test
  void replacedNeighbouringWordsMergeIntoOnePhrase() {
    assertThat(WordDiff.diff("a b c d", "a x y d"))
        .containsExactly(
            new DiffOp(Op.EQUAL, "a "),
            new DiffOp(Op.DELETE, "b c"),
            new DiffOp(Op.INSERT, "x y"),
            new DiffOp(Op.EQUAL, " d"));
  }

  @Test
  void insertionsAndDeletionsAlone() {
    assertThat(WordDiff.diff("one two", "one and two"))
        .containsExactly(
            new DiffOp(Op.EQUAL, "one "),
            new DiffOp(Op.INSERT, "and "),
            new DiffOp(Op.EQUAL, "two"));
    assertThat(WordDiff.diff("one and two", "one two"))
        .containsExactly(
            new DiffOp(Op.EQUAL, "one "),
            new DiffOp(Op.DELETE, "and "),
            new DiffOp(Op.EQUAL, "two"));
  }

  @Test
  void identicalEmptyAndNullTexts() {
    assertThat(WordDiff.diff("same\ntext", "same\ntext"))
        .containsExactly(new DiffOp(Op.EQUAL, "same\ntext"));
    assertThat(WordDiff.diff("", "")).isEmpty();
    assertThat(WordDiff.diff(null, "new")).containsExactly(new DiffOp(Op.INSERT, "new"));
    assertThat(WordDiff.diff("old", null)).containsExactly(new DiffOp(Op.DELETE, "old"));
  }

  @Test
  void opsReproduceBothTextsExactly() {
    String original = "Step 1: open the file.\n\nStep 2: read it  twice.\nDone";
    String revised = "Step 1: open the file.\nStep 2: read it once.\nStep 3: close it.\nDone!";
    List<DiffOp> ops = WordDiff.diff(original, revised);
    assertThat(
            ops.stream()
                .filter(o -> o.op() != Op.INSERT)
                .map(DiffOp::text)
                .collect(Collectors.joining()))
        .isEqualTo(original);
    assertThat(
            ops.stream()
                .filter(o -> o.op() != Op.DELETE)
                .map(DiffOp::text)
                .collect(Collectors.joining()))
        .isEqualTo(revised);
    // no two neighbours of one kind
    for (int i = 1; i < ops.size(); i++) {
      assertThat(ops.get(i).op()).isNotEqualTo(ops.get(i - 1).op());
    }
  }
}
