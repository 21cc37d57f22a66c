package com.lms.migrations;

import com.lms.migrations.fingerprint.CodeFingerprint;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One action recorded on a migration. The history is append-only.
 *
 * @param action what was done: {@code UP}, {@code DOWN}; {@code INTERRUPTED} when a later run found
 *     the migration left running by an instance that died; {@code BASELINE}, {@code MARK_APPLIED}
 *     or {@code MARK_PENDING} when the state was set by hand without running it; {@code IMPORTED}
 *     when it was taken from another migration tool's history; {@code CODE_ADOPTED}, {@code
 *     RECOMPILED} or {@code CHANGE_ACCEPTED} when only the fingerprint of its code was recorded
 *     (for a record from before fingerprints, after a new compiler, or for a change an operator
 *     accepted)
 * @param outcome the state the action left: {@link MigrationState#COMPLETED}, {@link
 *     MigrationState#PENDING} (after a rollback) or {@link MigrationState#FAILED}
 * @param at when the action started
 * @param durationMs how long it took in milliseconds
 * @param host the host name of the instance that acted
 * @param pid the process id of the instance that acted
 * @param owner the id of the runner that acted
 * @param principal who asked for it (for example an actuator user), or {@code null}
 * @param error the error, when the outcome is {@link MigrationState#FAILED}
 * @param source for {@code IMPORTED}: the tool, collection and document the state was taken from,
 *     with the original author and host where known; {@code null} otherwise
 * @param checksum the fingerprint of the code the action left applied ({@link
 *     CodeFingerprint#value()}); {@code null} when it left the migration not applied, or was
 *     recorded before fingerprints were
 * @param steps the {@linkplain MigrationContext#schema() schema steps} the action took or undid, in
 *     order, in words a person reads ("created index courses.dept_1_status_1"); empty when it took
 *     none
 */
public record MigrationHistoryEntry(
    String action,
    MigrationState outcome,
    Instant at,
    long durationMs,
    String host,
    long pid,
    String owner,
    @Nullable String principal,
    @Nullable String error,
    @Nullable String source,
    @Nullable String checksum,
    List<String> steps) {

  /**
   * Copies the steps.
   *
   * @param action what was done
   * @param outcome the state the action left
   * @param at when the action started
   * @param durationMs how long it took in milliseconds
   * @param host the host name of the instance that acted
   * @param pid the process id of the instance that acted
   * @param owner the id of the runner that acted
   * @param principal who asked for it, or {@code null}
   * @param error the error, when the outcome is {@link MigrationState#FAILED}
   * @param source for {@code IMPORTED}: where the state was taken from; {@code null} otherwise
   * @param checksum the fingerprint of the code the action left applied, or {@code null}
   * @param steps the schema steps the action took or undid, in order
   */
  public MigrationHistoryEntry {
    steps = List.copyOf(steps);
  }

  /**
   * An entry that took no schema steps.
   *
   * @param action what was done
   * @param outcome the state the action left
   * @param at when the action started
   * @param durationMs how long it took in milliseconds
   * @param host the host name of the instance that acted
   * @param pid the process id of the instance that acted
   * @param owner the id of the runner that acted
   * @param principal who asked for it, or {@code null}
   * @param error the error, when the outcome is {@link MigrationState#FAILED}
   * @param source for {@code IMPORTED}: where the state was taken from; {@code null} otherwise
   * @param checksum the fingerprint of the code the action left applied, or {@code null}
   */
  public MigrationHistoryEntry(
      String action,
      MigrationState outcome,
      Instant at,
      long durationMs,
      String host,
      long pid,
      String owner,
      @Nullable String principal,
      @Nullable String error,
      @Nullable String source,
      @Nullable String checksum) {
    this(
        action,
        outcome,
        at,
        durationMs,
        host,
        pid,
        owner,
        principal,
        error,
        source,
        checksum,
        List.of());
  }

  /**
   * An entry without a fingerprint.
   *
   * @param action what was done
   * @param outcome the state the action left
   * @param at when the action started
   * @param durationMs how long it took in milliseconds
   * @param host the host name of the instance that acted
   * @param pid the process id of the instance that acted
   * @param owner the id of the runner that acted
   * @param principal who asked for it, or {@code null}
   * @param error the error, when the outcome is {@link MigrationState#FAILED}
   * @param source for {@code IMPORTED}: where the state was taken from; {@code null} otherwise
   */
  public MigrationHistoryEntry(
      String action,
      MigrationState outcome,
      Instant at,
      long durationMs,
      String host,
      long pid,
      String owner,
      @Nullable String principal,
      @Nullable String error,
      @Nullable String source) {
    this(action, outcome, at, durationMs, host, pid, owner, principal, error, source, null);
  }

  /**
   * Whether the state was set without running the migration (baseline, import or repair).
   *
   * @return {@code true} for {@code BASELINE}, {@code IMPORTED}, {@code MARK_APPLIED} and {@code
   *     MARK_PENDING}
   */
  public boolean manual() {
    return action.equals("BASELINE") || action.equals("IMPORTED") || action.startsWith("MARK_");
  }
}
