package com.lms.migrations.tenant;

import com.lms.migrations.MigrationsInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Where each tenant's schema stands, as a probe (health, the endpoint's summary) can afford to ask
 * it with hundreds of tenants: each call reads again only the tenants whose snapshot is older than
 * {@code maxAge}, on a few threads of its own, and waits at most {@code budget} for them. A tenant
 * not read in time keeps its last snapshot, or is reported as not checked yet; a tenant whose
 * database does not answer holds up a thread of its own, never the probe or the other tenants.
 */
public final class TenantInfoSnapshots {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final TenantMigrations tenants;
  private final Duration budget;
  private final Duration maxAge;
  private final Clock clock;
  private final Map<String, TenantInfo> last = new ConcurrentHashMap<>();
  private final Set<String> reading = ConcurrentHashMap.newKeySet();
  private final ExecutorService readers;

  /**
   * One tenant's snapshot.
   *
   * @param tenant the tenant's database
   * @param info where its schema stood, or {@code null} when it was not read (yet) or failed
   * @param error why reading it failed, or {@code null}
   * @param checkedAt when it was read, or {@code null} when it has not been read yet
   */
  public record TenantInfo(
      String tenant,
      @Nullable MigrationsInfo info,
      @Nullable String error,
      @Nullable Instant checkedAt) {

    /**
     * Whether the tenant has been read at all.
     *
     * @return {@code false} until its first read finished
     */
    public boolean checked() {
      return checkedAt != null;
    }
  }

  /**
   * Creates the snapshots.
   *
   * @param tenants the tenants
   * @param budget how long a call waits for the tenants it reads again
   * @param maxAge how old a snapshot may be before a call reads the tenant again
   * @param threads how many tenants are read at once
   */
  public TenantInfoSnapshots(
      TenantMigrations tenants, Duration budget, Duration maxAge, int threads) {
    this(tenants, budget, maxAge, threads, Clock.systemUTC());
  }

  /**
   * Snapshots as health checks and the endpoint's summary read them: every call reads the tenants
   * again, on two threads, and waits at most one second for them.
   *
   * @param tenants the tenants
   * @return the snapshots
   */
  public static TenantInfoSnapshots forProbes(TenantMigrations tenants) {
    return new TenantInfoSnapshots(tenants, Duration.ofSeconds(1), Duration.ZERO, 2);
  }

  TenantInfoSnapshots(
      TenantMigrations tenants, Duration budget, Duration maxAge, int threads, Clock clock) {
    this.tenants = tenants;
    this.budget = budget;
    this.maxAge = maxAge;
    this.clock = clock;
    // Idle threads end after a while: an application probed rarely keeps none.
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            work -> {
              Thread thread =
                  new Thread(work, "lms-migrations-tenant-info-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    this.readers = pool;
  }

  /**
   * Every tenant listed now, with its snapshot: fresh ones as they are, the others read again
   * within the budget.
   *
   * @return the snapshots by tenant, in the order the tenants are listed
   */
  public Map<String, TenantInfo> current() {
    List<String> listed = tenants.tenants();
    Instant now = clock.instant();
    List<Future<?>> reads = new ArrayList<>();
    for (String tenant : listed) {
      TenantInfo known = last.get(tenant);
      boolean fresh =
          known != null && known.checkedAt() != null && known.checkedAt().plus(maxAge).isAfter(now);
      if (!fresh && reading.add(tenant)) {
        reads.add(readers.submit(() -> read(tenant)));
      }
    }
    long deadline = System.nanoTime() + budget.toNanos();
    for (Future<?> read : reads) {
      try {
        read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        break; // the rest keep their last snapshot; their reads go on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException e) {
        // read() records its own failure
      }
    }
    Map<String, TenantInfo> snapshot = new LinkedHashMap<>();
    for (String tenant : listed) {
      snapshot.put(tenant, last.getOrDefault(tenant, new TenantInfo(tenant, null, null, null)));
    }
    return snapshot;
  }

  private void read(String tenant) {
    try {
      MigrationsInfo info = tenants.runnerFor(tenant).info();
      last.put(tenant, new TenantInfo(tenant, info, null, clock.instant()));
    } catch (RuntimeException e) {
      last.put(tenant, new TenantInfo(tenant, null, e.toString(), clock.instant()));
    } finally {
      reading.remove(tenant);
    }
  }
}
