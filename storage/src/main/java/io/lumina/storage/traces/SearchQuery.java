package io.lumina.storage.traces;

/** A validated list request: filters, order, page position and size. */
public record SearchQuery(
    SpanFilters filters, Sort sort, boolean descending, Cursor cursor, int limit) {}
