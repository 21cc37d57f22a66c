package com.lms.migrations;

/**
 * The rules under which migrations are applied without an operator naming them: by the startup run
 * and by the background workers, on every round. {@link MigrationPlanner} turns them into a
 * decision for each migration, so that every path that writes asks the same question and gets the
 * same answer.
 *
 * <p>What an operator asks for by name ({@link MigrationRunner#up(String)}, {@link
 * MigrationRunner#down(String)}, a background rollback) is not limited by these rules; it still
 * obeys locks and leases.
 *
 * @param targetVersion nothing above this version is applied ({@link Integer#MAX_VALUE}: no limit)
 * @param dryRun whether the application only reports what it would do, writing nothing
 * @param automatic whether the application applies migrations by itself (at startup and in the
 *     background); {@code false} when another process (a deploy job, an operator) applies them
 */
public record RunRules(int targetVersion, boolean dryRun, boolean automatic) {

  /** Everything is applied, as soon as it may be. */
  public static final RunRules APPLY_ALL = new RunRules(Integer.MAX_VALUE, false, true);

  /**
   * Checks the target version.
   *
   * @param targetVersion nothing above this version is applied
   * @param dryRun whether the application only reports what it would do
   * @param automatic whether the application applies migrations by itself
   */
  public RunRules {
    if (targetVersion < 0) {
      throw new IllegalArgumentException(
          "target version must be 0 or more (versions start at 1) but was " + targetVersion);
    }
  }

  /**
   * Applies migrations up to a version.
   *
   * @param targetVersion the highest version applied
   * @return the rules
   */
  public static RunRules upTo(int targetVersion) {
    return new RunRules(targetVersion, false, true);
  }

  /**
   * Whether nothing may be applied automatically at all, and why.
   *
   * @return the reason in words, or {@code null} when migrations may be applied
   */
  public @org.jspecify.annotations.Nullable String whyNothingRuns() {
    if (dryRun) {
      return "this is a dry run, which writes nothing";
    }
    if (!automatic) {
      return "migrations are not applied automatically here";
    }
    return null;
  }
}
