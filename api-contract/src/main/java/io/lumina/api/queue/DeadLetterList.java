package io.lumina.api.queue;

import java.util.List;

/**
 * A page of dead letters, oldest first.
 *
 * @param total dead letters kept now, of every project
 * @param nextAfter pass as {@code after} for the next page; null on the last page
 */
public record DeadLetterList(List<DeadLetterView> deadLetters, long total, Long nextAfter) {}
