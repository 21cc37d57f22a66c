package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.LockHolder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /actuator/migrations} answers when there are tenants: where each tenant stands.
 * {@code ?tenant=<name>} answers one tenant's full report.
 *
 * @param pending how many migrations are not applied, over every tenant
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
   * Where one tenant stands.
   *
   * @param tenant the tenant's database
   * @param currentVersion its highest applied version, 0 when none
   * @param pending how many migrations are not applied to it
   * @param failed the names of its failed migrations
   * @param lock who holds its migration lock right now, or null
   */
  public record TenantSummary(
      String tenant,
      int currentVersion,
      long pending,
      List<String> failed,
      @Nullable LockHolder lock) {}
}
