package com.lms.migrations.actuate.endpoint;

import com.lms.migrations.LockHolder;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationException;
import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationLockTimeoutException;
import com.lms.migrations.MigrationNotAppliedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.MigrationsInfo;
import com.lms.migrations.RequiredMigrationNotFinishedException;
import com.lms.migrations.UnknownMigrationException;
import com.lms.migrations.UnreadableMigrationLockException;
import com.lms.migrations.UnreadableMigrationRecordException;
import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundMigrationRunningException;
import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.deploy.ContractWait;
import com.lms.migrations.deploy.DeployCheck;
import com.lms.migrations.diagnostics.FailureAdvice;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * What the {@code migrations} endpoint does with one database's runner: the application's, or one
 * tenant's.
 */
final class RunnerOperations {

  private static final Logger log = LoggerFactory.getLogger(MigrationsEndpoint.class);

  private static final int STATUS_CONFLICT = 409;

  private static final Set<String> BACKGROUND_ACTIONS =
      Set.of("pause", "resume", "throttle", "rollbackInBackground");

  private final MigrationRunner runner;
  private final int targetVersion;
  private final @Nullable String tenant;

  /**
   * @param runner the runner of the application's database or of one tenant's
   * @param targetVersion the highest version {@code upAll} applies
   * @param tenant the tenant, or {@code null} without tenants; named in the log lines
   */
  RunnerOperations(MigrationRunner runner, int targetVersion, @Nullable String tenant) {
    this.runner = runner;
    this.targetVersion = targetVersion;
    this.tenant = tenant;
  }

  /**
   * Every migration's status, the current version, the pending count and the lock holder. Each
   * background migration's entry has its progress under {@code background}; a regular migration's
   * {@code background} is null.
   *
   * @param writes whether the endpoint takes writes, or null when not known
   * @return the report
   */
  MigrationsReport migrations(@Nullable WriteAccess writes) {
    // One read of the history, so the numbers agree with each other even during a run.
    MigrationsInfo info = runner.info();
    return new MigrationsReport(
        info.currentVersion(),
        info.pending().size(),
        describe(info.migrations(), info.background(), migrationsByName(), ChangedCode.of(info)),
        info.lockHolder(),
        info.plan(targetVersion).stream()
            .map(
                step ->
                    new MigrationsReport.PlannedStep(
                        step.name(),
                        step.version(),
                        lowerCase(step.direction().name()),
                        step.steps()))
            .toList(),
        info.future().stream()
            .map(
                status ->
                    new MigrationsReport.FutureMigration(
                        status.name(), status.version(), lowerCase(status.status().name())))
            .toList(),
        writes,
        info.completeVersion(),
        MigrationVersion.of(info.gaps()),
        runner.instances().live(),
        info.waiting().stream().map(ContractWait::describe).toList(),
        runner.inactiveHere());
  }

  /**
   * Whether rolling out this build up to a version is safe now.
   *
   * @param targetVersion the highest version the rollout applies
   * @return the answer, with one line per reason it is not safe
   */
  DeployCheckReport deployCheck(int targetVersion) {
    return DeployCheckReport.of(DeployCheck.check(runner, targetVersion, Clock.systemUTC()));
  }

  /**
   * One migration's status with its logs and history, for a background migration its progress, and
   * for an applied migration whose code changed the recorded and the current fingerprint (status,
   * progress and change from one read).
   *
   * @param name the migration's name
   * @return the details, or null (answered as 404) for an unknown name
   */
  @Nullable MigrationDetails migration(String name) {
    Optional<Migration> migration = find(name);
    if (migration.isEmpty()) {
      return null;
    }
    MigrationsInfo info = runner.info();
    Optional<BackgroundProgress> progress =
        info.background().stream().filter(entry -> entry.name().equals(name)).findFirst();
    MigrationStatus recorded =
        progress.map(BackgroundProgress::status).orElseGet(() -> info.find(name).orElseThrow());
    MigrationDescriptor status =
        MigrationDescriptor.of(
            migration.get(), recorded, progress.orElse(null), ChangedCode.of(info).get(name));
    return MigrationDetails.of(
        status,
        runner.getLogs(name),
        runner.getHistory(name),
        runner.getSchemaSteps(name).stream().map(SchemaStepDescriptor::of).toList());
  }

  /**
   * Applies or rolls back one migration ({@code {"action": "up"}}, {@code {"action": "rollback"}}),
   * or repairs its recorded state without running it ({@code "markApplied"}, {@code "markPending"},
   * {@code "acceptChange"}), or controls a background migration ({@code "pause"}, {@code "resume"},
   * {@code {"action": "throttle", "maxPerSecond": 500}}, {@code "rollbackInBackground"}).
   *
   * @param name the migration's name
   * @param action {@code up}, {@code rollback}, {@code markApplied}, {@code markPending}, {@code
   *     acceptChange}, {@code pause}, {@code resume}, {@code throttle} or {@code
   *     rollbackInBackground}
   * @param maxPerSecond for {@code throttle}: the most documents per second, 0 to go back to the
   *     migration's own limit
   * @param who the authenticated user, recorded in the history
   * @return the new status (500 with the failed status when the migration failed), or an error with
   *     a 4xx status
   */
  WebEndpointResponse<Object> act(
      String name, String action, @Nullable Long maxPerSecond, @Nullable String who) {
    Optional<Migration> registered = find(name);
    if (registered.isEmpty()) {
      return error(
          WebEndpointResponse.STATUS_NOT_FOUND,
          "No migration named '" + name + "' is registered; GET /actuator/migrations lists them");
    }
    if (BACKGROUND_ACTIONS.contains(action)) {
      return control(registered.get(), action, maxPerSecond, who);
    }
    Function<String, MigrationStatus> operation =
        switch (action) {
          case "up" -> migration -> runner.onBehalfOf(who).up(migration);
          case "rollback", "down" -> migration -> runner.onBehalfOf(who).down(migration);
          case "markApplied" -> migration -> runner.onBehalfOf(who).markApplied(migration);
          case "markPending" -> migration -> runner.onBehalfOf(who).markPending(migration);
          case "acceptChange" -> migration -> runner.onBehalfOf(who).acceptChange(migration);
          default -> null;
        };
    if (operation == null) {
      return error(
          WebEndpointResponse.STATUS_BAD_REQUEST,
          "Unknown action '"
              + action
              + "' for migration '"
              + name
              + "'; use 'up', 'rollback', 'markApplied', 'markPending', 'acceptChange', or for a"
              + " background"
              + " migration 'pause', 'resume', 'throttle' (with a maxPerSecond) or"
              + " 'rollbackInBackground'");
    }
    log.info("{}: {} migration '{}'", describeRequest(who), action, name);
    MigrationState state = runner.getStatus(name).orElseThrow().status();
    boolean changesSomething =
        switch (action) {
          case "up" -> state != MigrationState.COMPLETED;
          case "markApplied" -> state != MigrationState.COMPLETED;
          // Not applied: refused by the runner, without the lock.
          case "acceptChange" -> state == MigrationState.COMPLETED;
          case "markPending" -> state != MigrationState.PENDING;
          default -> true; // a refused rollback is answered by the runner
        };
    boolean rollingBack = "rollback".equals(action) || "down".equals(action);
    return guarded(
        changesSomething,
        () -> {
          MigrationStatus status = operation.apply(name);
          return rollingBack ? rolledBack(status) : describe(status);
        },
        () -> describe(runner.getStatus(name).orElseThrow()));
  }

  /** A rolled back migration's status, with the applied migrations that stay above it. */
  private RolledBackMigration rolledBack(MigrationStatus status) {
    return new RolledBackMigration(
        describe(status), MigrationVersion.of(runner.info().appliedAbove(status.version())));
  }

  /**
   * Pauses, resumes or throttles a background migration. Recorded in the database, so it reaches
   * whichever instance runs the migration; no lock is needed.
   */
  private WebEndpointResponse<Object> control(
      Migration migration, String action, @Nullable Long maxPerSecond, @Nullable String who) {
    String name = migration.name();
    if ("throttle".equals(action) && maxPerSecond == null) {
      return error(
          WebEndpointResponse.STATUS_BAD_REQUEST,
          "Action 'throttle' needs a \"maxPerSecond\": the most documents per second, or 0 to go"
              + " back to the migration's own limit");
    }
    log.info(
        "{}: {} background migration '{}'{}",
        describeRequest(who),
        action,
        name,
        "throttle".equals(action) ? " to " + maxPerSecond + " documents per second" : "");
    try {
      BackgroundProgress progress =
          switch (action) {
            case "pause" -> runner.background().pause(name);
            case "resume" -> runner.background().resume(name);
            case "rollbackInBackground" -> runner.background().rollback(name);
            default -> runner.background().throttle(name, maxPerSecond);
          };
      return new WebEndpointResponse<>(
          MigrationDescriptor.of(migration, progress.status(), progress),
          WebEndpointResponse.STATUS_OK);
    } catch (IllegalArgumentException e) {
      // Not a background migration, or a negative rate.
      return error(WebEndpointResponse.STATUS_BAD_REQUEST, e.getMessage());
    } catch (MigrationNotAppliedException e) {
      return error(STATUS_CONFLICT, e.getMessage());
    }
  }

  /**
   * Applies or rolls back several migrations: {@code {"action": "upAll"}} or {@code {"action":
   * "rollbackTo", "version": 5}}.
   *
   * @param action {@code upAll} or {@code rollbackTo}
   * @param version for {@code rollbackTo}: the version to return to
   * @param who the authenticated user, recorded in the history
   * @return the statuses that changed (500 when a migration failed), or an error with a 4xx status
   */
  WebEndpointResponse<Object> actOnAll(
      String action, @Nullable Integer version, @Nullable String who) {
    Runnable operation;
    switch (action) {
      case "upAll" -> operation = () -> runner.onBehalfOf(who).upTo(targetVersion);
      case "rollbackTo" -> {
        if (version == null) {
          return error(
              WebEndpointResponse.STATUS_BAD_REQUEST,
              "Action 'rollbackTo' needs a \"version\": the version to return to (0 rolls back"
                  + " everything)");
        }
        if (version < 0) {
          return error(
              WebEndpointResponse.STATUS_BAD_REQUEST,
              "Cannot roll back to version " + version + "; use 0 or more");
        }
        operation = () -> runner.onBehalfOf(who).rollbackTo(version);
      }
      default -> {
        return error(
            WebEndpointResponse.STATUS_BAD_REQUEST,
            "Unknown action '" + action + "'; use 'upAll' or 'rollbackTo' (with a version)");
      }
    }
    log.info("{}: {}{}", describeRequest(who), action, version == null ? "" : " " + version);
    MigrationsInfo before = runner.info();
    boolean rollingBack = "rollbackTo".equals(action);
    Supplier<Object> changed = () -> describe(changedSince(before.migrations(), rollingBack));
    boolean changesSomething =
        rollingBack
            ? !runner.planRollbackTo(version).isEmpty()
            : !before.plan(targetVersion).isEmpty();
    return guarded(
        changesSomething,
        () -> {
          operation.run();
          return changed.get();
        },
        changed);
  }

  /**
   * Runs a write action. One that would change something is refused while the lock is held, rather
   * than waiting up to {@code lock.wait-time} in an HTTP request.
   */
  private WebEndpointResponse<Object> guarded(
      boolean changesSomething, Supplier<Object> work, Supplier<Object> afterFailure) {
    Optional<LockHolder> holder = changesSomething ? runner.info().lock() : Optional.empty();
    if (holder.isPresent()) {
      boolean thisProcess = holder.get().isThisProcess();
      return error(
          STATUS_CONFLICT,
          (thisProcess
                  ? "This instance is running migrations right now (at startup or for another"
                      + " request; lock held by "
                  : "Another instance is running migrations (lock held by ")
              + holder.get()
              + "); try again when it is done");
    }
    try {
      return new WebEndpointResponse<>(work.get(), WebEndpointResponse.STATUS_OK);
    } catch (MigrationNotAppliedException e) {
      return error(STATUS_CONFLICT, e.getMessage());
    } catch (MigrationLockTimeoutException e) {
      return error(STATUS_CONFLICT, e.getMessage());
    } catch (BackgroundMigrationRunningException e) {
      // A worker runs it: pause it with this endpoint, then try again.
      return error(STATUS_CONFLICT, FailureAdvice.describe(e));
    } catch (RequiredMigrationNotFinishedException e) {
      // A migration waits for a background migration: try again later.
      return error(STATUS_CONFLICT, e.getMessage());
    } catch (UnknownMigrationException e) {
      return error(WebEndpointResponse.STATUS_NOT_FOUND, e.getMessage());
    } catch (MigrationFailedException e) {
      // The request was valid, but the migration's own code failed: a server error, so that a
      // script can tell it from success by the status code alone. The body still shows the
      // failed status and its error.
      return new WebEndpointResponse<>(
          afterFailure.get(), WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
    } catch (UnreadableMigrationRecordException | UnreadableMigrationLockException e) {
      // The library's own documents cannot be read: a server-side fault, as when met by a read.
      return error(WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR, e.getMessage());
    } catch (MigrationException e) {
      // Lost lease, transactions required but unavailable: the state forbids it right now.
      return error(STATUS_CONFLICT, e.getMessage());
    }
  }

  /** What changed, in the order the run went: newest first for a rollback. */
  private List<MigrationStatus> changedSince(List<MigrationStatus> before, boolean rollingBack) {
    Map<String, MigrationStatus> previous = new LinkedHashMap<>();
    before.forEach(status -> previous.put(status.name(), status));
    Comparator<MigrationStatus> byVersion = Comparator.comparingInt(MigrationStatus::version);
    return runner.info().migrations().stream()
        .filter(status -> !Objects.equals(previous.get(status.name()), status))
        .sorted(rollingBack ? byVersion.reversed() : byVersion)
        .toList();
  }

  /** Statuses a write returned, with the progress of background migrations read afterwards. */
  private List<MigrationDescriptor> describe(List<MigrationStatus> statuses) {
    Map<String, Migration> byName = migrationsByName();
    boolean anyBackground =
        statuses.stream()
            .anyMatch(status -> byName.get(status.name()) instanceof BackgroundMigration);
    return describe(statuses, anyBackground ? runner.background().progress() : List.of(), byName);
  }

  private static List<MigrationDescriptor> describe(
      List<MigrationStatus> statuses,
      List<BackgroundProgress> background,
      Map<String, Migration> byName) {
    return describe(statuses, background, byName, Map.of());
  }

  private static List<MigrationDescriptor> describe(
      List<MigrationStatus> statuses,
      List<BackgroundProgress> background,
      Map<String, Migration> byName,
      Map<String, ChangedCode> changed) {
    Map<String, BackgroundProgress> progress = new LinkedHashMap<>();
    background.forEach(entry -> progress.put(entry.name(), entry));
    return statuses.stream()
        .map(
            status ->
                MigrationDescriptor.of(
                    byName.get(status.name()),
                    status,
                    progress.get(status.name()),
                    changed.get(status.name())))
        .toList();
  }

  private Map<String, Migration> migrationsByName() {
    Map<String, Migration> byName = new LinkedHashMap<>();
    runner.getMigrations().forEach(migration -> byName.put(migration.name(), migration));
    return byName;
  }

  private Optional<Migration> find(String name) {
    return runner.getMigrations().stream()
        .filter(migration -> migration.name().equals(name))
        .findFirst();
  }

  private MigrationDescriptor describe(MigrationStatus status) {
    return describe(List.of(status)).get(0);
  }

  private static String lowerCase(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  static WebEndpointResponse<Object> error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("message", message);
    return new WebEndpointResponse<>(body, status);
  }

  /**
   * "Actuator request by 'alice' for tenant 'school_a'", every part on one line whatever the
   * request held.
   */
  private String describeRequest(@Nullable String who) {
    return "Actuator request by "
        + (who == null ? "an anonymous user" : "'" + RequestText.escape(who) + "'")
        + (tenant == null ? "" : " for tenant '" + RequestText.escape(tenant) + "'");
  }
}
