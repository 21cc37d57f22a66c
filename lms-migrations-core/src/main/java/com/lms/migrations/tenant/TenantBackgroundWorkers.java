package com.lms.migrations.tenant;

import com.lms.migrations.MigrationFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's background workers for every tenant: a few daemon threads (not one per tenant)
 * that go round the tenants listed now, running each tenant's next background migration. A tenant
 * added later is picked up on the next round; one no longer listed is left alone. {@link #close()}
 * stops them between two batches; what they were running is recorded as PENDING and carried on by
 * another instance or the next start.
 */
public final class TenantBackgroundWorkers implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TenantBackgroundWorkers.class);

  /** How long {@link #close()} waits for the current batches to end. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final TenantMigrations tenants;
  private final Duration pollInterval;
  private final List<Thread> threads = new ArrayList<>();
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cursor = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean stopping;

  private TenantBackgroundWorkers(TenantMigrations tenants, Duration pollInterval) {
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive but was " + pollInterval);
    }
    this.tenants = tenants;
    this.pollInterval = pollInterval;
  }

  /**
   * Starts the workers.
   *
   * @param tenants the tenants, listed again on every round
   * @param pollInterval how long a worker waits after a round that found nothing to run
   * @param threads how many tenants run background migrations at once on this instance
   * @return the running workers; close them to stop them between two batches
   * @throws IllegalArgumentException when the interval is not positive or threads is under 1
   */
  public static TenantBackgroundWorkers start(
      TenantMigrations tenants, Duration pollInterval, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be 1 or more but was " + threads);
    }
    TenantBackgroundWorkers workers = new TenantBackgroundWorkers(tenants, pollInterval);
    for (int i = 1; i <= threads; i++) {
      Thread thread = new Thread(workers::work, "lms-migrations-tenants-background-" + i);
      thread.setDaemon(true);
      workers.threads.add(thread);
    }
    workers.threads.forEach(Thread::start);
    return workers;
  }

  /**
   * Whether any worker thread is still alive.
   *
   * @return {@code true} until all have stopped
   */
  public boolean isRunning() {
    return threads.stream().anyMatch(Thread::isAlive);
  }

  private void work() {
    while (!stopping) {
      if (!round()) {
        await();
      }
    }
  }

  /** One round over the tenants listed now; whether any background migration ran. */
  private boolean round() {
    List<String> names;
    try {
      names = tenants.tenants();
    } catch (RuntimeException e) {
      log.warn(
          "Background migrations: cannot list the tenants ({}); trying again in {}",
          e,
          pollInterval);
      return false;
    }
    boolean ran = false;
    int start = names.isEmpty() ? 0 : Math.floorMod(cursor.getAndIncrement(), names.size());
    for (int i = 0; i < names.size() && !stopping; i++) {
      String tenant = names.get((start + i) % names.size());
      if (!busy.add(tenant)) {
        continue; // another of these threads works on it
      }
      try {
        ran |= tenants.runnerFor(tenant).background().runNext(() -> stopping).isPresent();
      } catch (MigrationFailedException e) {
        ran = true; // recorded and logged; the tenant's next one may still run
      } catch (RuntimeException e) {
        log.warn(
            "Background migrations of tenant '{}': {}; trying again later", tenant, e.toString());
      } finally {
        busy.remove(tenant);
      }
    }
    return ran;
  }

  private void await() {
    lock.lock();
    try {
      if (!stopping) {
        wake.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the workers: what they run stops after its current batch, within 30 s. Never interrupts a
   * migration's code.
   */
  @Override
  public void close() {
    stopping = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    for (Thread thread : threads) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (isRunning()) {
      log.warn(
          "The tenants' background workers did not stop within {}; their migrations are carried on"
              + " from their last checkpoints once their leases expire",
          STOP_WAIT);
    }
  }
}
