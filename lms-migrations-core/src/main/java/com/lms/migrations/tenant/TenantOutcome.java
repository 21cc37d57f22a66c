package com.lms.migrations.tenant;

import com.lms.migrations.AdviceNames;
import com.lms.migrations.MigrationException;
import com.lms.migrations.MigrationStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a run did to one tenant.
 *
 * @param tenant the tenant's database
 * @param state whether it succeeded, failed, or was not started
 * @param applied the statuses of the migrations that ran for it, in order
 * @param failure what failed, or {@code null} unless {@code state} is {@link State#FAILED}
 * @param duration how long its run took (zero when not started)
 */
public record TenantOutcome(
    String tenant,
    State state,
    List<MigrationStatus> applied,
    @Nullable Throwable failure,
    Duration duration) {

  /** How a tenant's run ended. */
  public enum State {
    /** Everything asked for was done (possibly nothing: it was up to date). */
    SUCCEEDED,
    /** Its run threw; {@link TenantOutcome#failure()} says why. */
    FAILED,
    /** Not started, because another tenant failed first with fail-fast on. */
    NOT_STARTED
  }

  /**
   * Checks the outcome.
   *
   * @param tenant the tenant's database
   * @param state whether it succeeded, failed, or was not started
   * @param applied the statuses of the migrations that ran for it, in order
   * @param failure what failed, or {@code null} unless {@code state} is {@link State#FAILED}
   * @param duration how long its run took
   */
  public TenantOutcome {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(state, "state");
    applied = List.copyOf(applied);
    if ((state == State.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("A failure is given exactly when the state is FAILED");
    }
  }

  static TenantOutcome succeeded(String tenant, List<MigrationStatus> applied, Duration took) {
    return new TenantOutcome(tenant, State.SUCCEEDED, applied, null, took);
  }

  static TenantOutcome failed(String tenant, Throwable failure, Duration took) {
    return new TenantOutcome(tenant, State.FAILED, List.of(), failure, took);
  }

  static TenantOutcome notStarted(String tenant) {
    return new TenantOutcome(tenant, State.NOT_STARTED, List.of(), null, Duration.ZERO);
  }

  /**
   * One line for a log or an error message.
   *
   * @return for example {@code tenant 'school_b': Migration 'add_tags' (version 3) failed: ...}
   */
  public String describe() {
    return describe(AdviceNames.core());
  }

  /**
   * One line for a log or an error message, with the settings and calls a failure advises named as
   * given.
   *
   * @param names how to name settings and calls
   * @return the line
   */
  public String describe(AdviceNames names) {
    return "tenant '"
        + tenant
        + "': "
        + switch (state) {
          case SUCCEEDED ->
              applied.isEmpty()
                  ? "succeeded, nothing applied"
                  : "applied " + applied.size() + " migration(s)";
          case FAILED ->
              failure instanceof MigrationException migrationFailure
                  ? migrationFailure.getMessage(names)
                  : Objects.requireNonNull(failure).getMessage() == null
                      ? failure.toString()
                      : failure.getMessage();
          case NOT_STARTED -> "not started (fail-fast)";
        };
  }
}
