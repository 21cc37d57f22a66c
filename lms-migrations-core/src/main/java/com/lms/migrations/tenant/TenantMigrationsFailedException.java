package com.lms.migrations.tenant;

import com.lms.migrations.MigrationException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The run over the tenants left some of them behind: each failed tenant with its error (which names
 * the migration), and the tenants not started because of fail-fast. The first failure is the cause;
 * the others are suppressed exceptions. Tenants not listed are up to date.
 */
public class TenantMigrationsFailedException extends MigrationException {

  /** Every tenant's outcome. */
  private final transient TenantRunReport report;

  TenantMigrationsFailedException(TenantRunReport report) {
    super(message(report), firstFailure(report));
    this.report = report;
    report.failed().stream()
        .skip(1)
        .map(outcome -> Objects.requireNonNull(outcome.failure()))
        .forEach(this::addSuppressed);
  }

  /**
   * Every tenant's outcome, the ones that succeeded too.
   *
   * @return the report
   */
  public TenantRunReport getReport() {
    return report;
  }

  private static Throwable firstFailure(TenantRunReport report) {
    List<TenantOutcome> failed = report.failed();
    if (failed.isEmpty()) {
      throw new IllegalArgumentException("No tenant failed");
    }
    return Objects.requireNonNull(failed.get(0).failure());
  }

  private static String message(TenantRunReport report) {
    List<TenantOutcome> failed = report.failed();
    List<TenantOutcome> notStarted = report.notStarted();
    StringBuilder message =
        new StringBuilder("Migrations failed for ")
            .append(failed.size())
            .append(" of ")
            .append(report.outcomes().size())
            .append(report.outcomes().size() == 1 ? " tenant:" : " tenants:");
    failed.forEach(outcome -> message.append("\n  - ").append(outcome.describe()));
    if (!notStarted.isEmpty()) {
      message
          .append("\nNot started, because fail-fast stopped the run: ")
          .append(
              notStarted.stream()
                  .map(outcome -> "'" + outcome.tenant() + "'")
                  .collect(Collectors.joining(", ")))
          .append('.');
    }
    message.append(
        "\nEvery other tenant is up to date. Each tenant keeps its own history: fix the cause and"
            + " run again; tenants already up to date are not touched.");
    return message.toString();
  }
}
