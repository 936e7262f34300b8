package io.lumina.storage.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.TestStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class AdvisoryLeaderLockIT {

  @Test
  void onlyTheHolderOfTheKeyRunsTheWork() throws Exception {
    DataSource dataSource = TestStorage.dataSource();
    LeaderLock lock = new AdvisoryLeaderLock(dataSource);
    long key = ThreadLocalRandom.current().nextLong();
    try (Connection other = dataSource.getConnection()) {
      advisory(other, "SELECT pg_advisory_lock(?)", key);
      assertThat(lock.callIfLeader(key, () -> "ran")).as("another holds the lock").isEmpty();
      advisory(other, "SELECT pg_advisory_unlock(?)", key);
    }
    assertThat(lock.callIfLeader(key, () -> "ran")).contains("ran");
    assertThat(lock.callIfLeader(key, () -> "again"))
        .as("released after the work")
        .contains("again");
  }

  private static void advisory(Connection c, String sql, long key) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, key);
      ps.execute();
    }
  }
}
