package com.lms.migrations.tenant;

import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.RunRules;
import com.lms.migrations.background.BackgroundWorker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's background workers for every tenant: a few {@link BackgroundWorker} threads (not
 * one per tenant) that go round the tenants listed now, running each tenant's next background
 * migration. A tenant added later is picked up on the next round; one no longer listed is left
 * alone.
 */
public final class TenantBackgroundWorkers {

  private static final Logger log = LoggerFactory.getLogger(TenantBackgroundWorkers.class);

  private final TenantMigrations tenants;
  private final RunRules rules;
  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cursor = new AtomicInteger();

  private TenantBackgroundWorkers(TenantMigrations tenants, RunRules rules) {
    this.tenants = tenants;
    this.rules = rules;
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
  public static BackgroundWorker start(
      TenantMigrations tenants, Duration pollInterval, int threads) {
    return start(tenants, pollInterval, threads, RunRules.APPLY_ALL);
  }

  /**
   * Starts the workers under the application's run rules, asked per tenant on every round: a
   * tenant's background migration waits while a regular migration below it is not applied in that
   * tenant, whatever the other tenants' state.
   *
   * @param tenants the tenants, listed again on every round
   * @param pollInterval how long a worker waits after a round that found nothing to run
   * @param threads how many tenants run background migrations at once on this instance
   * @param rules the run rules
   * @return the running workers; close them to stop them between two batches
   * @throws IllegalArgumentException when the interval is not positive or threads is under 1
   */
  public static BackgroundWorker start(
      TenantMigrations tenants, Duration pollInterval, int threads, RunRules rules) {
    return BackgroundWorker.start(
        "lms-migrations-tenants-background",
        pollInterval,
        threads,
        new TenantBackgroundWorkers(tenants, rules)::round);
  }

  /** One round over the tenants listed now; whether any background migration ran. */
  private boolean round(BooleanSupplier stopping) {
    List<String> names;
    try {
      names = tenants.tenants();
    } catch (RuntimeException e) {
      log.warn(
          "Background migrations: cannot list the tenants ({}); trying again later", e.toString());
      return false;
    }
    boolean ran = false;
    int start = names.isEmpty() ? 0 : Math.floorMod(cursor.getAndIncrement(), names.size());
    for (int i = 0; i < names.size() && !stopping.getAsBoolean(); i++) {
      String tenant = names.get((start + i) % names.size());
      if (!busy.add(tenant)) {
        continue; // another of these threads works on it
      }
      try {
        ran |= tenants.runnerFor(tenant).background().runNext(stopping, rules).isPresent();
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
}
