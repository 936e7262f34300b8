/** One replica at a time: {@link io.lumina.storage.lock.LeaderLock}. */
package io.lumina.storage.lock;
