package com.lms.migrations.actuate.health;

import com.lms.migrations.BackgroundProgress;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.tenant.TenantMigrations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reflects the database at each check: DOWN with the failed migrations while any migration is
 * recorded as FAILED (by any instance), UP once none is. A startup failure that the application
 * survived ({@code fail-on-error=false}) also makes it DOWN, with {@code startupError}, for as long
 * as its supplier reports it (the auto-configured one forgets it once the database shows it made
 * good). Details always show the current version and the number of pending migrations.
 *
 * <p>With background migrations, details also show {@code background}: each one's state and
 * progress. A background migration that is queued, running or paused does not make it DOWN; one
 * that FAILED does, listed under {@code failed} with its error (which names the document a batch
 * job failed on).
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

  private final MigrationRunner runner;
  private final Supplier<Optional<String>> startupError;
  private final @Nullable TenantMigrations tenants;

  /**
   * Creates the indicator.
   *
   * @param runner the runner whose state is reported
   */
  public MigrationsHealthIndicator(MigrationRunner runner) {
    this(runner, Optional::empty);
  }

  /**
   * Creates the indicator.
   *
   * @param runner the runner whose state is reported
   * @param startupError why startup migrations failed, if they did and the application started
   *     anyway, as the user should read it
   */
  public MigrationsHealthIndicator(
      MigrationRunner runner, Supplier<Optional<String>> startupError) {
    this(runner, startupError, null);
  }

  /**
   * Creates the indicator, for one database or for every tenant.
   *
   * @param runner the runner whose state is reported when there are no tenants
   * @param startupError why startup migrations failed, if they did and the application started
   *     anyway, as the user should read it
   * @param tenants the tenants, each reported under {@code tenants}, or {@code null}
   */
  public MigrationsHealthIndicator(
      MigrationRunner runner,
      Supplier<Optional<String>> startupError,
      @Nullable TenantMigrations tenants) {
    super("Migrations health check failed");
    this.runner = runner;
    this.startupError = startupError;
    this.tenants = tenants;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    if (tenants != null) {
      tenantsHealth(builder, tenants);
      return;
    }
    MigrationsInfo info = runner.info();
    List<Map<String, Object>> failed =
        info.failed().stream().map(MigrationsHealthIndicator::failure).toList();
    builder
        .withDetail("currentVersion", info.currentVersion())
        .withDetail("pending", (long) info.pending().size());
    if (!info.background().isEmpty()) {
      builder.withDetail(
          "background",
          info.background().stream().map(MigrationsHealthIndicator::progress).toList());
    }
    if (!info.future().isEmpty()) {
      // Applied by a newer build (a deploy rolled back): worth seeing, not a reason to be DOWN.
      builder.withDetail(
          "future",
          info.future().stream()
              .map(status -> status.name() + " (version " + status.version() + ")")
              .toList());
    }
    Optional<String> startup = startupError.get();
    startup.ifPresent(error -> builder.withDetail("startupError", error));
    if (failed.isEmpty() && startup.isEmpty()) {
      builder.up();
    } else {
      builder.down();
      if (!failed.isEmpty()) {
        builder.withDetail("failed", failed);
      }
    }
  }

  /**
   * Every tenant's current version and pending count, and the failed migrations of each tenant that
   * has some: DOWN while any tenant has one.
   */
  private void tenantsHealth(Health.Builder builder, TenantMigrations tenants) {
    Map<String, Object> perTenant = new LinkedHashMap<>();
    List<String> failedTenants = new ArrayList<>();
    long pending = 0;
    for (Map.Entry<String, MigrationRunner> each : tenants.runners().entrySet()) {
      String tenant = each.getKey();
      MigrationsInfo info = each.getValue().info();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("currentVersion", info.currentVersion());
      entry.put("pending", (long) info.pending().size());
      pending += info.pending().size();
      if (!info.failed().isEmpty()) {
        failedTenants.add(tenant);
        entry.put(
            "failed", info.failed().stream().map(MigrationsHealthIndicator::failure).toList());
      }
      perTenant.put(tenant, entry);
    }
    builder.withDetail("pending", pending);
    if (!failedTenants.isEmpty()) {
      builder.withDetail("failedTenants", failedTenants);
    }
    builder.withDetail("tenants", perTenant);
    Optional<String> startup = startupError.get();
    startup.ifPresent(error -> builder.withDetail("startupError", error));
    if (failedTenants.isEmpty() && startup.isEmpty()) {
      builder.up();
    } else {
      builder.down();
    }
  }

  private static Map<String, @Nullable Object> progress(BackgroundProgress progress) {
    Map<String, @Nullable Object> entry = new LinkedHashMap<>();
    entry.put("name", progress.name());
    entry.put("state", progress.state().name().toLowerCase(Locale.ROOT));
    entry.put("processed", progress.processed());
    entry.put("total", progress.total());
    entry.put(
        "percent", progress.percent().map(percent -> Math.round(percent * 10) / 10.0).orElse(null));
    entry.put(
        "etaSeconds",
        progress
            .eta()
            .map(Duration::toMillis)
            .map(millis -> Math.round(millis / 1000.0))
            .orElse(null));
    return entry;
  }

  private static Map<String, Object> failure(MigrationStatus status) {
    Map<String, Object> failure = new LinkedHashMap<>();
    failure.put("name", status.name());
    failure.put("version", status.version());
    failure.put("error", status.error() == null ? "" : status.error());
    return failure;
  }
}
