package com.lms.migrations.tenant;

import com.lms.migrations.AdviceNames;
import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The run over the tenants left some of them behind: each failed tenant with its error (which names
 * the migration), and the tenants not started because of fail-fast. The first failure is the cause;
 * the others are suppressed exceptions. The runs of the tenants not listed succeeded.
 */
public class TenantMigrationsFailedException extends MigrationException {

  /** Every tenant's outcome. */
  private final transient TenantRunReport report;

  TenantMigrationsFailedException(TenantRunReport report) {
    super(ErrorCode.TENANT_MIGRATIONS_FAILED, names -> message(report, names));
    this.report = report;
    Throwable first = firstFailure(report);
    if (first != null) {
      initCause(first);
    }
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

  private static @Nullable Throwable firstFailure(TenantRunReport report) {
    List<TenantOutcome> failed = report.failed();
    return failed.isEmpty() ? null : failed.get(0).failure();
  }

  private static String message(TenantRunReport report, AdviceNames names) {
    List<TenantOutcome> failed = report.failed();
    List<TenantOutcome> notStarted = report.notStarted();
    // Only tenants not started remain once every failed one has been made good.
    StringBuilder message =
        new StringBuilder(
                failed.isEmpty() ? "Migrations were not run for " : "Migrations failed for ")
            .append(failed.isEmpty() ? notStarted.size() : failed.size())
            .append(" of ")
            .append(report.outcomes().size())
            .append(report.outcomes().size() == 1 ? " tenant" : " tenants")
            .append(failed.isEmpty() ? "." : ":");
    failed.forEach(outcome -> message.append("\n  - ").append(outcome.describe(names)));
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
        "\nThe other tenants' runs succeeded. Each tenant keeps its own history: fix the cause and"
            + " run again; what a tenant has recorded as applied is not applied again.");
    return message.toString();
  }
}
