package io.lumina.storage.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumina.storage.TestStorage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class PostgresSpanPartitionsIT {

  /**
   * Workers meeting the first span of a new day at the same moment each create its partition: all
   * of them must go on writing, whichever wins (a lost race surfaces as "already exists").
   */
  @Test
  void workersCreatingTheSameNewDayAtOnceAllSucceed() throws Exception {
    DataSource ds = TestStorage.dataSource();
    int workers = 4;
    // Days far in the future, so no other test's partition is among them.
    LocalDate first = LocalDate.of(2090, 1, 1).plusDays(System.nanoTime() % 3000);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      for (int d = 0; d < 15; d++) {
        LocalDate day = first.plusDays(d);
        CyclicBarrier start = new CyclicBarrier(workers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          // One instance per worker, as in separate worker processes.
          PostgresSpanPartitions partitions = new PostgresSpanPartitions(ds);
          done.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    partitions.ensure(Set.of(day));
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
        assertThat(
                TestStorage.jdbc()
                    .queryForObject(
                        "SELECT to_regclass(?) IS NOT NULL",
                        Boolean.class,
                        "spans_p" + day.toString().replace("-", "")))
            .isTrue();
      }
    } finally {
      pool.shutdownNow();
      TestStorage.jdbc()
          .queryForList(
              "SELECT relname FROM pg_class WHERE relname LIKE 'spans_p20%' AND relname >= ?",
              String.class, "spans_p2090")
          .forEach(t -> TestStorage.jdbc().execute("DROP TABLE IF EXISTS \"" + t + "\""));
    }
  }
}
