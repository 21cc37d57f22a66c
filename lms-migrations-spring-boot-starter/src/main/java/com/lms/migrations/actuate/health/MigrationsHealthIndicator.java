package com.lms.migrations.actuate.health;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * UP while no migration is recorded as failed; DOWN with the failed migrations otherwise. Details
 * always show the current version and the number of pending migrations.
 */
public class MigrationsHealthIndicator extends AbstractHealthIndicator {

  private final MigrationRunner runner;

  /**
   * Creates the indicator.
   *
   * @param runner the runner whose state is reported
   */
  public MigrationsHealthIndicator(MigrationRunner runner) {
    super("Migrations health check failed");
    this.runner = runner;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    List<MigrationStatus> statuses = runner.getStatuses();
    int currentVersion = runner.getCurrentVersion();
    List<Map<String, Object>> failed =
        statuses.stream()
            .filter(status -> status.status() == MigrationState.FAILED)
            .map(MigrationsHealthIndicator::failure)
            .toList();
    long pending = statuses.stream().filter(status -> !status.isApplied()).count();
    builder.withDetail("currentVersion", currentVersion).withDetail("pending", pending);
    if (failed.isEmpty()) {
      builder.up();
    } else {
      builder.down().withDetail("failed", failed);
    }
  }

  private static Map<String, Object> failure(MigrationStatus status) {
    Map<String, Object> failure = new LinkedHashMap<>();
    failure.put("name", status.name());
    failure.put("version", status.version());
    failure.put("error", status.error() == null ? "" : status.error());
    return failure;
  }
}
