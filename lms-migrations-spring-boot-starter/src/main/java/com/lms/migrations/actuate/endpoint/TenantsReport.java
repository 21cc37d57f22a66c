package com.lms.migrations.actuate.endpoint;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.lms.migrations.LockHolder;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.tenant.TenantInfoSnapshots;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /actuator/migrations} answers when there are tenants: where each tenant stands.
 * {@code ?tenant=<name>} answers one tenant's full report.
 *
 * @param pending how many migrations are not applied, over every tenant read
 * @param failedTenants the tenants with a failed migration
 * @param tenants each tenant, in listing order
 * @param writes whether the endpoint takes writes and, when not, how to allow them; null when not
 *     known
 */
public record TenantsReport(
    long pending,
    List<String> failedTenants,
    List<TenantSummary> tenants,
    @Nullable WriteAccess writes) {

  /**
   * A summary that does not say whether the endpoint takes writes.
   *
   * @param pending how many migrations are not applied, over every tenant
   * @param failedTenants the tenants with a failed migration
   * @param tenants each tenant, in listing order
   */
  public TenantsReport(long pending, List<String> failedTenants, List<TenantSummary> tenants) {
    this(pending, failedTenants, tenants, null);
  }

  /**
   * Where one tenant stands, as last read: a tenant not read within the summary's time budget (a
   * slow or unreachable database) shows its last snapshot and when it was taken, or {@code
   * notCheckedYet}, or the error its read ended with, and holds up neither the summary nor the
   * other tenants.
   *
   * @param tenant the tenant's database
   * @param currentVersion its highest applied version, 0 when none; null when it was not read
   * @param pending how many migrations are not applied to it; null when it was not read
   * @param failed the names of its failed migrations
   * @param lock who holds its migration lock right now, or null
   * @param completeVersion the highest version below which every migration is applied to it; null
   *     when it was not read
   * @param gaps its migrations not applied below its current version; left out when none
   * @param notCheckedYet {@code true} when it has not been read yet; left out otherwise
   * @param error why reading it failed; left out when it did not
   * @param checkedAt when it was read; null when it has not been read yet
   * @param changed the names of its applied migrations whose code changed since they were applied;
   *     left out when none
   */
  public record TenantSummary(
      String tenant,
      @Nullable Integer currentVersion,
      @Nullable Long pending,
      List<String> failed,
      @Nullable LockHolder lock,
      @Nullable Integer completeVersion,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MigrationVersion> gaps,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean notCheckedYet,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String error,
      @Nullable Instant checkedAt,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> changed) {

    /**
     * Where one tenant stands, without changed migrations.
     *
     * @param tenant the tenant's database
     * @param currentVersion its highest applied version, 0 when none; null when it was not read
     * @param pending how many migrations are not applied to it; null when it was not read
     * @param failed the names of its failed migrations
     * @param lock who holds its migration lock right now, or null
     * @param completeVersion the highest version below which every migration is applied to it; null
     *     when it was not read
     * @param gaps its migrations not applied below its current version; left out when none
     * @param notCheckedYet {@code true} when it has not been read yet; left out otherwise
     * @param error why reading it failed; left out when it did not
     * @param checkedAt when it was read; null when it has not been read yet
     */
    public TenantSummary(
        String tenant,
        @Nullable Integer currentVersion,
        @Nullable Long pending,
        List<String> failed,
        @Nullable LockHolder lock,
        @Nullable Integer completeVersion,
        List<MigrationVersion> gaps,
        @Nullable Boolean notCheckedYet,
        @Nullable String error,
        @Nullable Instant checkedAt) {
      this(
          tenant,
          currentVersion,
          pending,
          failed,
          lock,
          completeVersion,
          gaps,
          notCheckedYet,
          error,
          checkedAt,
          List.of());
    }

    /**
     * A tenant read just now, without holes.
     *
     * @param tenant the tenant's database
     * @param currentVersion its highest applied version, 0 when none
     * @param pending how many migrations are not applied to it
     * @param failed the names of its failed migrations
     * @param lock who holds its migration lock right now, or null
     */
    public TenantSummary(
        String tenant,
        int currentVersion,
        long pending,
        List<String> failed,
        @Nullable LockHolder lock) {
      this(
          tenant,
          currentVersion,
          pending,
          failed,
          lock,
          currentVersion,
          List.of(),
          null,
          null,
          Instant.now());
    }

    static TenantSummary of(TenantInfoSnapshots.TenantInfo snapshot) {
      MigrationsInfo info = snapshot.info();
      if (info == null) {
        return new TenantSummary(
            snapshot.tenant(),
            null,
            null,
            List.of(),
            null,
            null,
            List.of(),
            snapshot.checked() ? null : Boolean.TRUE,
            snapshot.error(),
            snapshot.checkedAt());
      }
      return new TenantSummary(
          snapshot.tenant(),
          info.currentVersion(),
          (long) info.pending().size(),
          info.failed().stream().map(MigrationStatus::name).toList(),
          info.lockHolder(),
          info.completeVersion(),
          MigrationVersion.of(info.gaps()),
          null,
          null,
          snapshot.checkedAt(),
          List.copyOf(ChangedCode.of(info).keySet()));
    }
  }
}
