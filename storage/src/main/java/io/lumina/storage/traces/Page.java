package io.lumina.storage.traces;

import java.util.List;

/** One page of a list: at most {@code limit} rows and the cursor of the next page, or null. */
public record Page<T>(List<T> rows, String nextCursor) {

  /** From {@code limit + 1} fetched rows: the extra row only says that there is a next page. */
  static <T> Page<T> of(List<T> fetched, List<Cursor> cursors, int limit) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    return new Page<>(List.copyOf(fetched.subList(0, limit)), cursors.get(limit - 1).encode());
  }
}
