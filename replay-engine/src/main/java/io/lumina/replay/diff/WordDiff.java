package io.lumina.replay.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import io.lumina.api.replay.DiffOp;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level diff of two responses (Myers' algorithm from java-diff-utils). Tokens are words and
 * the whitespace between them, so the ops reproduce both texts exactly, line breaks included, and a
 * changed word shows as one delete and one insert rather than as changed characters. Neighbouring
 * ops of one kind are merged so a rewritten sentence is one delete and one insert, not twenty.
 *
 * <p>Texts longer than {@link #MAX_TOKENS} tokens each are not diffed word by word (Myers is
 * O((N+M)·D) and a diff of two essays that share nothing is mostly noise): they come back as one
 * delete and one insert unless equal.
 */
public final class WordDiff {

  public static final int MAX_TOKENS = 20_000;

  // a run of whitespace, or a run of anything else
  private static final Pattern TOKEN = Pattern.compile("\\s+|\\S+");

  private WordDiff() {}

  public static List<DiffOp> diff(String original, String revised) {
    String a = original == null ? "" : original;
    String b = revised == null ? "" : revised;
    List<DiffOp> ops = new ArrayList<>();
    if (a.equals(b)) {
      add(ops, DiffOp.Op.EQUAL, a);
      return ops;
    }
    List<String> from = tokens(a);
    List<String> to = tokens(b);
    if (from.size() > MAX_TOKENS || to.size() > MAX_TOKENS) {
      add(ops, DiffOp.Op.DELETE, a);
      add(ops, DiffOp.Op.INSERT, b);
      return ops;
    }
    Patch<String> patch = DiffUtils.diff(from, to);
    StringBuilder deleted = new StringBuilder();
    StringBuilder inserted = new StringBuilder();
    int position = 0;
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      int start = delta.getSource().getPosition();
      String equal = join(from.subList(position, start));
      if (!deleted.isEmpty() && !inserted.isEmpty() && equal.isBlank()) {
        // only a space between two replaced words: one replaced phrase reads better than four ops
        deleted.append(equal);
        inserted.append(equal);
      } else {
        flush(ops, deleted, inserted);
        add(ops, DiffOp.Op.EQUAL, equal);
      }
      deleted.append(join(delta.getSource().getLines()));
      inserted.append(join(delta.getTarget().getLines()));
      position = start + delta.getSource().size();
    }
    flush(ops, deleted, inserted);
    add(ops, DiffOp.Op.EQUAL, join(from.subList(position, from.size())));
    return ops;
  }

  private static void flush(List<DiffOp> ops, StringBuilder deleted, StringBuilder inserted) {
    add(ops, DiffOp.Op.DELETE, deleted.toString());
    add(ops, DiffOp.Op.INSERT, inserted.toString());
    deleted.setLength(0);
    inserted.setLength(0);
  }

  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  private static String join(List<String> tokens) {
    return String.join("", tokens);
  }

  /** Appends, merging with the previous op of the same kind; empty texts are dropped. */
  private static void add(List<DiffOp> ops, DiffOp.Op op, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!ops.isEmpty() && ops.getLast().op() == op) {
      ops.set(ops.size() - 1, new DiffOp(op, ops.getLast().text() + text));
    } else {
      ops.add(new DiffOp(op, text));
    }
  }
}
