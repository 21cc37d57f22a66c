package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.tenant.TenantInfoSnapshots;
import com.lms.migrations.tenant.TenantMigrations;
import com.lms.migrations.tenant.UnknownTenantException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/migrations}: status, logs and history of every migration, with the progress of
 * background migrations, and (with {@code management.endpoint.migrations.access=unrestricted})
 * rollbacks and applies, and pause, resume and throttle of background migrations. Writes go through
 * the same runner and lock as startup, so they are safe with several instances.
 *
 * <p>With tenants, every operation takes a {@code tenant}: reads answer that tenant (without one,
 * {@code GET /actuator/migrations} summarises every tenant), and writes act on that tenant, or on
 * every tenant in turn without one, except those that undo or overwrite what is recorded (rollback,
 * rollbackTo, markApplied, markPending, acceptChange, rollbackInBackground), which need a tenant.
 * An unknown tenant is answered 404 with the known ones.
 *
 * <p>A migration's name or a tenant with a control character (a line break, say) is answered 400,
 * and the principal's name is logged and recorded with its control characters written out, so that
 * nothing from a request can forge a log line or a history entry.
 */
@Endpoint(id = "migrations", defaultAccess = Access.READ_ONLY)
public class MigrationsEndpoint {

  /** The selector of the deploy check, which no migration name can take (they have no hyphen). */
  static final String DEPLOY_CHECK = "deploy-check";

  /** Writes that undo or overwrite what is recorded: never on every tenant at once. */
  private static final Set<String> ONE_TENANT_ACTIONS =
      Set.of(
          "rollback",
          "down",
          "rollbackTo",
          "markApplied",
          "markPending",
          "acceptChange",
          "rollbackInBackground");

  private final MigrationRunner runner;
  private final int targetVersion;
  private final @Nullable TenantMigrations tenants;
  private final @Nullable TenantInfoSnapshots snapshots;
  private final @Nullable WriteAccess writes;

  /**
   * Creates the endpoint.
   *
   * @param runner the runner it reports on and acts through
   * @param targetVersion the highest version {@code upAll} applies ({@code
   *     lms.migrations.target-version}), or {@code null} for all
   */
  public MigrationsEndpoint(MigrationRunner runner, @Nullable Integer targetVersion) {
    this(runner, targetVersion, null);
  }

  /**
   * Creates the endpoint, for one database or for every tenant.
   *
   * @param runner the runner it reports on and acts through when there are no tenants
   * @param targetVersion the highest version {@code upAll} applies, or {@code null} for all
   * @param tenants the tenants, or {@code null} when there are none
   */
  public MigrationsEndpoint(
      MigrationRunner runner, @Nullable Integer targetVersion, @Nullable TenantMigrations tenants) {
    this(runner, targetVersion, tenants, null);
  }

  /**
   * Creates the endpoint, knowing whether Spring Boot lets it take writes: {@code GET
   * /actuator/migrations} then says so under {@code writes}, with the property that allows them,
   * since a refused write is answered {@code 405} and nothing more.
   *
   * @param runner the runner it reports on and acts through when there are no tenants
   * @param targetVersion the highest version {@code upAll} applies, or {@code null} for all
   * @param tenants the tenants, or {@code null} when there are none
   * @param access the endpoint's access as Spring Boot resolved it, or {@code null} when not known
   */
  public MigrationsEndpoint(
      MigrationRunner runner,
      @Nullable Integer targetVersion,
      @Nullable TenantMigrations tenants,
      @Nullable Access access) {
    this(
        runner,
        targetVersion,
        tenants,
        access,
        tenants == null ? null : TenantInfoSnapshots.forProbes(tenants));
  }

  /**
   * Creates the endpoint, with the snapshots its summary of every tenant reads: within a time
   * budget, so that a slow or unreachable tenant holds up neither the summary nor the other tenants
   * (the health check can share them).
   *
   * @param runner the runner it reports on and acts through when there are no tenants
   * @param targetVersion the highest version {@code upAll} applies, or {@code null} for all
   * @param tenants the tenants, or {@code null} when there are none
   * @param access the endpoint's access as Spring Boot resolved it, or {@code null} when not known
   * @param snapshots the tenants' snapshots, or {@code null} when there are no tenants
   */
  public MigrationsEndpoint(
      MigrationRunner runner,
      @Nullable Integer targetVersion,
      @Nullable TenantMigrations tenants,
      @Nullable Access access,
      @Nullable TenantInfoSnapshots snapshots) {
    this.runner = runner;
    this.targetVersion = targetVersion == null ? Integer.MAX_VALUE : targetVersion;
    this.tenants = tenants;
    this.snapshots =
        tenants == null || snapshots != null ? snapshots : TenantInfoSnapshots.forProbes(tenants);
    this.writes = access == null ? null : WriteAccess.of(access);
  }

  /**
   * Every migration's status, the current version, the pending count and the lock holder. Each
   * background migration's entry has its progress under {@code background}; a regular migration's
   * {@code background} is null. With tenants: one tenant's report, or without {@code tenant} a
   * {@link TenantsReport} summarising every tenant. Either says under {@code writes} whether the
   * endpoint takes writes and, when not, which property allows them.
   *
   * @param tenant the tenant's database (only with tenants)
   * @return the report, or 404 for an unknown tenant
   */
  @ReadOperation
  public WebEndpointResponse<Object> migrations(@Nullable String tenant) {
    WebEndpointResponse<Object> refused = refuseControlCharacters(null, tenant);
    if (refused != null) {
      return refused;
    }
    if (snapshots != null && tenant == null) {
      return ok(summary(snapshots));
    }
    return on(tenant, operations -> ok(operations.migrations(writes)));
  }

  /**
   * One migration's status with its logs and history, and for a background migration its progress
   * (status and progress from one read).
   *
   * <p>{@code GET /actuator/migrations/deploy-check?version=<n>} (no migration can be named so)
   * answers instead whether rolling out this build up to version {@code n} is safe now: {@code
   * safe}, and one line per reason it is not ({@link DeployCheckReport}).
   *
   * @param name the migration's name, or {@code deploy-check}
   * @param tenant the tenant's database (required with tenants)
   * @param version for {@code deploy-check}: the highest version the rollout applies
   * @return the details, or 404 for an unknown name or tenant
   */
  @ReadOperation
  public WebEndpointResponse<Object> migration(
      @Selector String name, @Nullable String tenant, @Nullable Integer version) {
    WebEndpointResponse<Object> refused = refuseControlCharacters(name, tenant);
    if (refused != null) {
      return refused;
    }
    if (name.equals(DEPLOY_CHECK) && version == null) {
      return RunnerOperations.error(
          WebEndpointResponse.STATUS_BAD_REQUEST,
          "Say which version the rollout goes up to: GET /actuator/migrations/deploy-check"
              + "?version=<n>");
    }
    if (tenants != null && tenant == null) {
      return RunnerOperations.error(
          WebEndpointResponse.STATUS_BAD_REQUEST,
          "Name a tenant: GET /actuator/migrations/"
              + name
              + "?tenant=<tenant>; the tenants are "
              + String.join(", ", tenants.tenants()));
    }
    if (name.equals(DEPLOY_CHECK)) {
      return on(tenant, operations -> ok(operations.deployCheck(version)));
    }
    return on(
        tenant,
        operations -> {
          MigrationDetails details = operations.migration(name);
          return details == null
              ? RunnerOperations.error(
                  WebEndpointResponse.STATUS_NOT_FOUND,
                  "No migration named '"
                      + name
                      + "' is registered; GET /actuator/migrations lists them")
              : ok(details);
        });
  }

  /**
   * Applies or rolls back one migration ({@code {"action": "up"}}, {@code {"action": "rollback"}}),
   * or repairs its recorded state without running it ({@code "markApplied"}, {@code "markPending"},
   * {@code "acceptChange"}: records the fingerprint of a changed migration's code), or controls a
   * background migration ({@code "pause"}, {@code "resume"}, {@code {"action": "throttle",
   * "maxPerSecond": 500}}, {@code "rollbackInBackground"}). With tenants and no {@code tenant},
   * {@code up}, {@code pause}, {@code resume} and {@code throttle} act on every tenant in turn; the
   * others need a tenant.
   *
   * @param name the migration's name
   * @param action {@code up}, {@code rollback}, {@code markApplied}, {@code markPending}, {@code
   *     acceptChange}, {@code pause}, {@code resume}, {@code throttle} or {@code
   *     rollbackInBackground}
   * @param maxPerSecond for {@code throttle}: the most documents per second, 0 to go back to the
   *     migration's own limit
   * @param tenant the tenant's database, or none for every tenant (only with tenants)
   * @param principal the authenticated user, recorded in the history
   * @return the new status (500 with the failed status when the migration failed), or an error with
   *     a 4xx status; for every tenant, each tenant's answer under {@code tenants}
   */
  @WriteOperation
  public WebEndpointResponse<Object> act(
      @Selector String name,
      String action,
      @Nullable Long maxPerSecond,
      @Nullable String tenant,
      @Nullable Principal principal) {
    WebEndpointResponse<Object> refused = refuseControlCharacters(name, tenant);
    if (refused != null) {
      return refused;
    }
    String who = nameOf(principal);
    return onOneOrAll(
        tenant, action, operations -> operations.act(name, action, maxPerSecond, who));
  }

  /**
   * Applies or rolls back several migrations: {@code {"action": "upAll"}} or {@code {"action":
   * "rollbackTo", "version": 5}}. With tenants and no {@code tenant}, {@code upAll} acts on every
   * tenant in turn; {@code rollbackTo} needs a tenant.
   *
   * @param action {@code upAll} or {@code rollbackTo}
   * @param version for {@code rollbackTo}: the version to return to
   * @param tenant the tenant's database, or none for every tenant (only with tenants)
   * @param principal the authenticated user, recorded in the history
   * @return the statuses that changed (500 when a migration failed), or an error with a 4xx status;
   *     for every tenant, each tenant's answer under {@code tenants}
   */
  @WriteOperation
  public WebEndpointResponse<Object> actOnAll(
      String action,
      @Nullable Integer version,
      @Nullable String tenant,
      @Nullable Principal principal) {
    WebEndpointResponse<Object> refused = refuseControlCharacters(null, tenant);
    if (refused != null) {
      return refused;
    }
    String who = nameOf(principal);
    return onOneOrAll(tenant, action, operations -> operations.actOnAll(action, version, who));
  }

  /** The principal's name as logged and recorded in the history: on one line. */
  private static @Nullable String nameOf(@Nullable Principal principal) {
    return principal == null ? null : RequestText.escape(principal.getName());
  }

  /**
   * A 400 for a migration's name or a tenant with a control character: no registered migration or
   * listed tenant is asked for that way, and the text must not reach a log line as it is.
   */
  private @Nullable WebEndpointResponse<Object> refuseControlCharacters(
      @Nullable String name, @Nullable String tenant) {
    if (name != null && RequestText.hasControlCharacter(name)) {
      return RunnerOperations.error(
          WebEndpointResponse.STATUS_BAD_REQUEST,
          "Migration name '"
              + RequestText.escape(name)
              + "' contains a control character; a migration's name is one line of a-z, 0-9 and _"
              + " (GET /actuator/migrations lists them)");
    }
    if (tenant != null && RequestText.hasControlCharacter(tenant)) {
      return RunnerOperations.error(
          WebEndpointResponse.STATUS_BAD_REQUEST,
          "Tenant '"
              + RequestText.escape(tenant)
              + "' contains a control character; "
              + (tenants == null
                  ? "a tenant is named by its database's name, on one line"
                  : "the tenants are " + String.join(", ", tenants.tenants())));
    }
    return null;
  }

  private TenantsReport summary(TenantInfoSnapshots snapshots) {
    List<TenantsReport.TenantSummary> summaries =
        snapshots.current().values().stream().map(TenantsReport.TenantSummary::of).toList();
    return new TenantsReport(
        summaries.stream()
            .map(TenantsReport.TenantSummary::pending)
            .filter(Objects::nonNull)
            .mapToLong(Long::longValue)
            .sum(),
        summaries.stream()
            .filter(summary -> !summary.failed().isEmpty())
            .map(TenantsReport.TenantSummary::tenant)
            .toList(),
        summaries,
        writes);
  }

  /** Runs an operation on the application's database, or on one tenant's. */
  private WebEndpointResponse<Object> on(
      @Nullable String tenant, Function<RunnerOperations, WebEndpointResponse<Object>> operation) {
    if (tenants == null) {
      if (tenant != null) {
        return RunnerOperations.error(
            WebEndpointResponse.STATUS_BAD_REQUEST,
            "There are no tenants (lms.migrations.tenants.* is not set); leave out the tenant");
      }
      return operation.apply(new RunnerOperations(runner, targetVersion, null));
    }
    MigrationRunner tenantRunner;
    try {
      tenantRunner = tenants.runner(tenant);
    } catch (UnknownTenantException e) {
      return RunnerOperations.error(WebEndpointResponse.STATUS_NOT_FOUND, e.getMessage());
    }
    return operation.apply(new RunnerOperations(tenantRunner, targetVersion, tenant));
  }

  /**
   * Runs a write on one tenant, or on every tenant in turn; the answer for every tenant has each
   * tenant's body under {@code tenants} and the highest status of them. A write that undoes or
   * overwrites what is recorded is refused without a tenant, as on the command line: it is not done
   * to every tenant because a field was left out.
   */
  private WebEndpointResponse<Object> onOneOrAll(
      @Nullable String tenant,
      String action,
      Function<RunnerOperations, WebEndpointResponse<Object>> operation) {
    if (tenants == null || tenant != null) {
      return on(tenant, operation);
    }
    if (ONE_TENANT_ACTIONS.contains(action)) {
      return RunnerOperations.error(
          WebEndpointResponse.STATUS_BAD_REQUEST,
          "Action '"
              + action
              + "' needs a \"tenant\": it runs on one tenant at a time; the tenants are "
              + String.join(", ", tenants.tenants()));
    }
    Map<String, Object> bodies = new LinkedHashMap<>();
    int status = WebEndpointResponse.STATUS_OK;
    for (Map.Entry<String, MigrationRunner> each : tenants.runners().entrySet()) {
      WebEndpointResponse<Object> answer;
      try {
        answer =
            operation.apply(new RunnerOperations(each.getValue(), targetVersion, each.getKey()));
      } catch (RuntimeException e) {
        // MongoDB unreachable for this tenant, say: the others' answers still say what changed.
        answer =
            RunnerOperations.error(
                WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR,
                "Tenant '" + each.getKey() + "': " + e);
      }
      bodies.put(each.getKey(), answer.getBody());
      status = Math.max(status, answer.getStatus());
    }
    return new WebEndpointResponse<>(Map.of("tenants", bodies), status);
  }

  private static WebEndpointResponse<Object> ok(Object body) {
    return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
  }
}
