package com.lms.migrations.verify;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link ReversibilityCheck} found, one entry per migration it ran.
 *
 * @param checks the migrations checked, in the order they ran
 */
public record ReversibilityReport(List<Check> checks) {

  /**
   * Copies the list.
   *
   * @param checks the migrations checked, in the order they ran
   */
  public ReversibilityReport {
    checks = List.copyOf(checks);
  }

  /** How one migration fared. */
  public enum Outcome {
    /** {@code down} brought the data back to the state before {@code up}. */
    REVERSIBLE,
    /** After {@code down} the data differs from the state before {@code up}. */
    NOT_REVERSIBLE,
    /** {@code up}, {@code down} or the second {@code up} threw. */
    FAILED
  }

  /**
   * One migration's result.
   *
   * @param name the migration's name
   * @param version its version
   * @param outcome how it fared
   * @param touched the collections its {@code up} changed
   * @param differences what {@code down} did not restore, or the error
   */
  public record Check(
      String name, int version, Outcome outcome, List<String> touched, List<String> differences) {

    /**
     * Copies the lists.
     *
     * @param name the migration's name
     * @param version its version
     * @param outcome how it fared
     * @param touched the collections its {@code up} changed
     * @param differences what {@code down} did not restore, or the error
     */
    public Check {
      touched = List.copyOf(touched);
      differences = List.copyOf(differences);
    }
  }

  /**
   * Whether every migration checked is reversible.
   *
   * @return {@code true} when every check is {@link Outcome#REVERSIBLE}
   */
  public boolean isReversible() {
    return checks.stream().allMatch(check -> check.outcome() == Outcome.REVERSIBLE);
  }

  /**
   * Fails when a migration is not reversible, for use in a test.
   *
   * @throws IrreversibleMigrationException listing what each failing migration left behind
   */
  public void assertReversible() {
    if (!isReversible()) {
      throw new IrreversibleMigrationException(describe());
    }
  }

  /**
   * A readable summary, one line per migration and one per difference.
   *
   * @return the summary
   */
  public String describe() {
    return checks.stream()
        .map(
            check ->
                "v"
                    + check.version()
                    + " "
                    + check.name()
                    + ": "
                    + check.outcome()
                    + (check.touched().isEmpty()
                        ? ""
                        : " (touched " + String.join(", ", check.touched()) + ")")
                    + check.differences().stream()
                        .map(d -> "\n    " + d)
                        .collect(Collectors.joining()))
        .collect(Collectors.joining("\n"));
  }
}
