package com.lms.migrations.validation;

import com.lms.migrations.MigrationRunner;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One disagreement {@link MigrationRunner#validate} found between the registered migrations and the
 * recorded history. What {@link #recorded} and {@link #local} hold depends on the {@link Kind}.
 *
 * @param kind what disagrees
 * @param name the migration it is about: for {@link Kind#NAME_CHANGED} the recorded name, for
 *     {@link Kind#VERSION_GAP} the migration after the gap
 * @param version that migration's version: for {@link Kind#VERSION_CHANGED} the recorded one
 * @param recorded the value in the history, or {@code null} where the kind has none
 * @param local the value in the code, or {@code null} where the kind has none
 * @param severity whether it stops a run under the policy it was validated against
 * @param fact what disagrees, with the recorded and the local value
 * @param fix what to do about it, in terms of this library's API
 */
public record ValidationFinding(
    Kind kind,
    String name,
    int version,
    @Nullable String recorded,
    @Nullable String local,
    Severity severity,
    String fact,
    String fix) {

  /**
   * Checks that everything but the two values is present.
   *
   * @param kind what disagrees
   * @param name the migration it is about: for {@link Kind#NAME_CHANGED} the recorded name, for
   *     {@link Kind#VERSION_GAP} the migration after the gap
   * @param version that migration's version: for {@link Kind#VERSION_CHANGED} the recorded one
   * @param recorded the value in the history, or {@code null} where the kind has none
   * @param local the value in the code, or {@code null} where the kind has none
   * @param severity whether it stops a run under the policy it was validated against
   * @param fact what disagrees, with the recorded and the local value
   * @param fix what to do about it, in terms of this library's API
   */
  public ValidationFinding {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(fact, "fact");
    Objects.requireNonNull(fix, "fix");
  }

  /** What disagrees between the code and the recorded history. */
  public enum Kind {

    /**
     * A migration recorded as run (completed, failed or running) is no longer registered. Recorded:
     * its recorded state; local: {@code null}. An error unless {@link
     * ValidationPolicy#ignoreMissing()}, which leaves it unreported.
     */
    MISSING,

    /**
     * A recorded migration is registered with another version. Recorded: the recorded version;
     * local: the version in the code. Always an error.
     */
    VERSION_CHANGED,

    /**
     * A version recorded as run is registered under another name. Recorded: the recorded name;
     * local: the name in the code. Always an error.
     */
    NAME_CHANGED,

    /**
     * A migration never recorded has a version below the highest applied one: it was merged late.
     * Recorded: the highest applied version; local: its version. An error unless {@link
     * ValidationPolicy#outOfOrder()}, which leaves it unreported.
     */
    OUT_OF_ORDER,

    /**
     * The registered versions skip numbers. The finding names the migration after the gap.
     * Recorded: {@code null}; local: the version before the gap. Always a warning.
     */
    VERSION_GAP,

    /**
     * A migration recorded as run has a version above every registered one: a newer build applied
     * it, and this is an older build (one a deploy was rolled back to). Recorded: its recorded
     * state; local: the highest registered version. Always a warning; {@link
     * ValidationResult#future()} lists these migrations' statuses.
     */
    FUTURE,

    /**
     * The code of an applied migration changed since it was applied: its fingerprint differs from
     * the recorded one, compiled by the same class-file version (a new compiler is not a change).
     * Recorded: the recorded fingerprint; local: the current one. An error, a warning or not
     * reported, as {@link ValidationPolicy#checksums()} says.
     */
    CHANGED
  }

  /** Whether a finding stops a run. */
  public enum Severity {

    /** Running would be unsafe: nothing runs until it is fixed. */
    ERROR,

    /** Worth fixing, but runs go ahead. */
    WARNING
  }

  /**
   * Whether this finding stops a run.
   *
   * @return {@code true} for {@link Severity#ERROR}
   */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * The fact and the fix, as one message.
   *
   * @return the message
   */
  public String message() {
    return fact + " " + fix;
  }
}
