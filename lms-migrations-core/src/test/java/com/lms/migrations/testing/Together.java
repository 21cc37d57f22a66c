package com.lms.migrations.testing;

import com.lms.migrations.MigrationRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Starts {@code upAll} on several runners at the same instant, one thread each. */
public final class Together {

  private Together() {}

  /**
   * Calls {@code upAll} on every runner at once and waits for all of them.
   *
   * @param runners the runners (the same runner may appear several times)
   * @param timeout the most to wait for each
   * @return how many migrations they applied, added up
   * @throws Exception what a runner threw, or a timeout
   */
  public static int upAll(List<MigrationRunner> runners, Duration timeout) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(runners.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (MigrationRunner runner : runners) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return runner.upAll().size();
                }));
      }
      start.countDown();
      int applied = 0;
      for (Future<Integer> result : results) {
        applied += result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      return applied;
    } finally {
      pool.shutdownNow();
    }
  }
}
