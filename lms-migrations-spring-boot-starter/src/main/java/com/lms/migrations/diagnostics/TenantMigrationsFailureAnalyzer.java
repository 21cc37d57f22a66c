package com.lms.migrations.diagnostics;

import com.lms.migrations.tenant.TenantMigrationsFailedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a startup stopped because migrations failed for some tenants. Ordered first: its cause
 * is one tenant's {@code MigrationFailedException}, which would otherwise be explained alone.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class TenantMigrationsFailureAnalyzer
    extends AbstractFailureAnalyzer<TenantMigrationsFailedException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, TenantMigrationsFailedException cause) {
    return new FailureAnalysis(
        FailureAdvice.describe(cause),
        "Fix the failing migration (GET /actuator/migrations/{name}?tenant=<tenant> shows its logs)"
            + " and start again: only the tenants listed are migrated again. To start while some"
            + " tenants fail, set lms.migrations.fail-on-error=false: health is then DOWN naming"
            + " them.",
        cause);
  }
}
