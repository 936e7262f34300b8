package io.lumina.storage.lock;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Elects one replica for a job that must not run twice at once: the work runs only while this
 * replica holds the lock of its key, and a replica that dies releases it with its connection.
 */
public interface LeaderLock {

  /**
   * Runs {@code work} while holding the lock of {@code key}.
   *
   * @return the work's result, or empty when another replica holds the lock (nothing ran)
   * @throws IllegalStateException when the lock cannot be asked for (database unreachable)
   */
  <T> Optional<T> callIfLeader(long key, Supplier<T> work);
}
