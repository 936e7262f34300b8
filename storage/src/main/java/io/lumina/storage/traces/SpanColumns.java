package io.lumina.storage.traces;

import io.lumina.api.traces.SpanView;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading the span table's columns that every span reader shows the same way. */
public final class SpanColumns {
  private SpanColumns() {}

  /** The token counts by kind; null where the span did not say. */
  public static SpanView.Tokens tokens(ResultSet rs) throws SQLException {
    return new SpanView.Tokens(
        rs.getObject("prompt_tokens", Long.class),
        rs.getObject("completion_tokens", Long.class),
        rs.getObject("total_tokens", Long.class),
        rs.getObject("cache_read_tokens", Long.class),
        rs.getObject("cache_write_tokens", Long.class),
        rs.getObject("reasoning_tokens", Long.class));
  }
}
