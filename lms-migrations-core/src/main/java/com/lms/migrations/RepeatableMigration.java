package com.lms.migrations;

/**
 * A migration without a version, applied again whenever its code changes: a view, a {@code
 * $jsonSchema} validator, reference data. It runs after the versioned migrations, ordered by name,
 * the first time and then whenever its fingerprint (or its {@link #checksum()}) differs from the
 * one its last run recorded. It is recorded like the others: status, history, logs, lock, events.
 *
 * <pre>{@code
 * @Component
 * class CourseSummaryView implements RepeatableMigration {
 *   public String name() { return "course_summary_view"; }
 *   public void up(MigrationContext ctx) { ... drop and create the view ... }
 * }
 * }</pre>
 *
 * <p>Its {@code up} must be safe to run again on the result of an earlier version of itself. Its
 * {@code down}, if it has one, reverts its last run; {@code down(name)} runs it, and the next run
 * applies it again. {@code rollbackTo} leaves repeatable migrations alone. With a target version
 * below the highest registered version, repeatable migrations do not run: they are written for the
 * newest schema.
 */
public interface RepeatableMigration extends Migration {

  /**
   * Repeatable migrations have no version.
   *
   * @return 0, which no versioned migration has
   */
  @Override
  default int version() {
    return 0;
  }

  /**
   * Nothing to undo, unless the migration says otherwise.
   *
   * @param ctx the context
   * @throws Exception when undoing fails
   */
  @Override
  default void down(MigrationContext ctx) throws Exception {}
}
