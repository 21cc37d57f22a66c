package com.lms.migrations.tenant;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;
import java.util.List;

/** A tenant that the {@link MigrationTenants} do not list. */
public class UnknownTenantException extends MigrationException {

  /** The tenant that was asked for. */
  private final String tenant;

  /** The tenants listed when it was asked for. */
  private final List<String> knownTenants;

  UnknownTenantException(String tenant, List<String> knownTenants) {
    super(
        ErrorCode.UNKNOWN_TENANT,
        "No tenant named '"
            + tenant
            + "'; the tenants are "
            + (knownTenants.isEmpty() ? "(none)" : String.join(", ", knownTenants)));
    this.tenant = tenant;
    this.knownTenants = List.copyOf(knownTenants);
  }

  /**
   * The tenant that was asked for.
   *
   * @return its name
   */
  public String getTenant() {
    return tenant;
  }

  /**
   * The tenants listed when it was asked for.
   *
   * @return their names
   */
  public List<String> getKnownTenants() {
    return knownTenants;
  }
}
