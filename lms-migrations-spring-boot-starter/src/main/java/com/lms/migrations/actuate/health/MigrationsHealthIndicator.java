package com.lms.migrations.actuate.health;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.deploy.ContractWait;
import com.lms.migrations.deploy.RunningInstance;
import com.lms.migrations.tenant.TenantInfoSnapshots;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.validation.ValidationFinding;
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
 * good). Details always show the current version, the version below which every migration is
 * applied ({@code completeVersion}) and the number of pending migrations, and under {@code gaps}
 * the migrations not applied below the current version, when there are any.
 *
 * <p>Applied migrations whose code changed since they were applied are listed under {@code changed}
 * (name, recorded and current fingerprint), as the runner's validation reports them: a change does
 * not make it DOWN by itself (under {@code lms.migrations.validate-checksums=fail} it stops startup
 * instead).
 *
 * <p>With background migrations, details also show {@code background}: each one's state and
 * progress. A background migration that is queued, running or paused does not make it DOWN; one
 * that FAILED does, listed under {@code failed} with its error (which names the document a batch
 * job failed on).
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

  private final MigrationRunner runner;
  private final Supplier<Optional<String>> startupError;
  private final @Nullable TenantInfoSnapshots tenants;

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
    this(runner, startupError, (TenantInfoSnapshots) null);
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
    this(
        runner,
        startupError,
        tenants == null
            ? null
            : new TenantInfoSnapshots(tenants, DEFAULT_BUDGET, DEFAULT_MAX_AGE, READERS));
  }

  /**
   * Creates the indicator for every tenant, from snapshots that bound the work of each check.
   *
   * @param runner the runner the tenants' runners copy
   * @param startupError why startup migrations failed, if they did and the application started
   *     anyway, as the user should read it
   * @param tenants the tenants' snapshots, each reported under {@code tenants}
   */
  public MigrationsHealthIndicator(
      MigrationRunner runner,
      Supplier<Optional<String>> startupError,
      @Nullable TenantInfoSnapshots tenants) {
    super("Migrations health check failed");
    this.runner = runner;
    this.startupError = startupError;
    this.tenants = tenants;
  }

  /** How long a check waits for the tenants it reads again. */
  public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(1);

  /** How old a tenant's snapshot may be before a check reads it again: every check reads again. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ZERO;

  private static final int READERS = 2;

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
        .withDetail("completeVersion", info.completeVersion())
        .withDetail("pending", (long) info.pending().size());
    if (!info.gaps().isEmpty()) {
      builder.withDetail("gaps", gaps(info));
    }
    if (!info.background().isEmpty()) {
      builder.withDetail(
          "background",
          info.background().stream().map(MigrationsHealthIndicator::progress).toList());
    }
    List<Map<String, Object>> changed = changed(info);
    if (!changed.isEmpty()) {
      builder.withDetail("changed", changed);
    }
    if (!info.future().isEmpty()) {
      // Applied by a newer build (a deploy rolled back): worth seeing, not a reason to be DOWN.
      builder.withDetail(
          "future",
          info.future().stream()
              .map(status -> status.name() + " (version " + status.version() + ")")
              .toList());
    }
    List<String> instances =
        runner.instances().live().stream().map(RunningInstance::describe).toList();
    if (!instances.isEmpty()) {
      builder.withDetail("instances", instances);
    }
    if (!info.waiting().isEmpty()) {
      // Waiting for older builds to go is the plan working, not a reason to be DOWN.
      builder.withDetail("waiting", info.waiting().stream().map(ContractWait::describe).toList());
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
   * has some: DOWN while any tenant has one, or could not be read. A check reads the tenants on two
   * threads of its own and waits at most 1 s: a tenant not read by then (a slow or unreachable
   * database) shows its last snapshot ({@code checkedAt}), or {@code "notCheckedYet": true}, and
   * never holds up the check or the other tenants.
   */
  private void tenantsHealth(Health.Builder builder, TenantInfoSnapshots tenants) {
    Map<String, Object> perTenant = new LinkedHashMap<>();
    List<String> failedTenants = new ArrayList<>();
    List<String> unreadTenants = new ArrayList<>();
    long pending = 0;
    for (TenantInfoSnapshots.TenantInfo snapshot : tenants.current().values()) {
      String tenant = snapshot.tenant();
      Map<String, Object> entry = new LinkedHashMap<>();
      MigrationsInfo info = snapshot.info();
      if (info != null) {
        entry.put("currentVersion", info.currentVersion());
        entry.put("completeVersion", info.completeVersion());
        entry.put("pending", (long) info.pending().size());
        if (!info.gaps().isEmpty()) {
          entry.put("gaps", gaps(info));
        }
        List<Map<String, Object>> changed = changed(info);
        if (!changed.isEmpty()) {
          entry.put("changed", changed);
        }
        pending += info.pending().size();
        if (!info.failed().isEmpty()) {
          failedTenants.add(tenant);
          entry.put(
              "failed", info.failed().stream().map(MigrationsHealthIndicator::failure).toList());
        }
      } else if (snapshot.error() != null) {
        unreadTenants.add(tenant);
        entry.put("error", snapshot.error());
      } else {
        entry.put("notCheckedYet", true);
      }
      if (snapshot.checkedAt() != null) {
        entry.put("checkedAt", snapshot.checkedAt().toString());
      }
      perTenant.put(tenant, entry);
    }
    builder.withDetail("pending", pending);
    if (!failedTenants.isEmpty()) {
      builder.withDetail("failedTenants", failedTenants);
    }
    if (!unreadTenants.isEmpty()) {
      builder.withDetail("unreadableTenants", unreadTenants);
    }
    builder.withDetail("tenants", perTenant);
    Optional<String> startup = startupError.get();
    startup.ifPresent(error -> builder.withDetail("startupError", error));
    if (failedTenants.isEmpty() && unreadTenants.isEmpty() && startup.isEmpty()) {
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

  /** The migrations not applied below the current version: holes in the schema. */
  private static List<Map<String, Object>> gaps(MigrationsInfo info) {
    return info.gaps().stream()
        .map(
            status -> {
              Map<String, Object> gap = new LinkedHashMap<>();
              gap.put("name", status.name());
              gap.put("version", status.version());
              return gap;
            })
        .toList();
  }

  private static Map<String, Object> failure(MigrationStatus status) {
    Map<String, Object> failure = new LinkedHashMap<>();
    failure.put("name", status.name());
    failure.put("version", status.version());
    failure.put("error", status.error() == null ? "" : status.error());
    return failure;
  }

  /** The applied migrations whose code changed: name, recorded and current fingerprint. */
  private static List<Map<String, Object>> changed(MigrationsInfo info) {
    return info.validation().findings().stream()
        .filter(finding -> finding.kind() == ValidationFinding.Kind.CHANGED)
        .map(
            finding -> {
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("name", finding.name());
              entry.put("recorded", String.valueOf(finding.recorded()));
              entry.put("current", String.valueOf(finding.local()));
              return entry;
            })
        .toList();
  }
}
