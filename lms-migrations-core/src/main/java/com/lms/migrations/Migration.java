package com.lms.migrations;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.deploy.MigrationPhase;
import com.lms.migrations.fingerprint.CodeFingerprint;
import com.lms.migrations.importer.HistorySource;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One versioned, reversible change to a MongoDB database.
 *
 * <p>Implementations are usually Spring beans found by component scanning; they can also be
 * registered by hand with {@link MigrationRunner#register(Migration)}. A migration's {@link
 * #name()} and {@link #version()} identify it in the database forever: never rename, renumber or
 * delete a migration that has been applied anywhere.
 */
public interface Migration {

  /**
   * The unique name, stored in the history: {@code [a-z0-9][a-z0-9_]*}, at most 100 characters.
   *
   * @return the name, for example {@code add_course_tags}
   */
  String name();

  /**
   * The unique version, at least 1. Migrations are applied in ascending version order.
   *
   * @return the version
   */
  int version();

  /**
   * A human readable summary shown in status reports.
   *
   * @return the description, empty by default
   */
  default String description() {
    return "";
  }

  /**
   * Whether {@link #up} and {@link #down} may run inside a transaction when the server supports
   * them. Return {@code false} for migrations that create or drop collections or indexes, which
   * many server versions refuse inside a transaction.
   *
   * @return {@code true} by default
   */
  default boolean transactional() {
    return true;
  }

  /**
   * The ids of the changes of another migration tool that this migration replaces, for {@link
   * MigrationRunner#importHistory(HistorySource)}: Mongock's and mongobee's {@code changeId},
   * migrate-mongo's {@code fileName} or Flyway's {@code version}. When the old tool applied every
   * one of them, the import records this migration as applied without running it; when the old tool
   * never applied them (an id it has no record of is fine), this migration runs as usual. One old
   * change can be replaced by one migration only.
   *
   * @return the old ids, empty by default
   */
  default List<String> replaces() {
    return List.of();
  }

  /**
   * The names of {@linkplain BackgroundMigration background migrations} that must have completed
   * before this one runs: a migration that adds a unique index over a field that a background
   * migration backfills, say. When one has not completed, the run waits for it up to {@link
   * MigrationSettings#requiredWaitTime()} (no wait by default), then refuses with {@link
   * RequiredMigrationNotFinishedException}, naming it with its progress, and runs nothing.
   *
   * @return the names, empty by default
   */
  default List<String> requires() {
    return List.of();
  }

  /**
   * A fingerprint of this migration's code supplied by the migration itself, for example a string
   * bumped by hand in a migration whose code is generated at run time. When it returns text, that
   * text is the migration's {@link CodeFingerprint} (as {@code user:<checksum>}) and the class is
   * not read.
   *
   * @return the fingerprint; {@code null} (the default) or blank text means "computed from the
   *     class": from its compiled code and that of the classes nested in it
   */
  default @Nullable String checksum() {
    return null;
  }

  /**
   * When in a rolling deploy this migration is safe to apply: {@link MigrationPhase#EXPAND} (the
   * default) as soon as a new build starts; {@link MigrationPhase#CONTRACT}, for a migration that
   * removes or changes what older builds read, only once every running instance's build knows its
   * version. A contract migration that has to wait does not fail: it and the migrations after it
   * are applied by a later run once the older instances are gone.
   *
   * @return the phase, {@code EXPAND} by default
   */
  default MigrationPhase phase() {
    return MigrationPhase.EXPAND;
  }

  /**
   * Applies the change. Write it so that running it again after a crash does no harm.
   *
   * @param context access to the database and to the migration's log
   * @throws Exception any failure; the migration is then recorded as {@link MigrationState#FAILED}
   */
  void up(MigrationContext context) throws Exception;

  /**
   * Reverts what {@link #up} did by hand. The {@linkplain MigrationContext#schema() schema steps}
   * that {@code up} took are undone by the engine after this returns, newest first, so a migration
   * made only of steps does not implement it; one that mixes steps with its own code undoes only
   * its own code here.
   *
   * <p>Rolling back a migration that neither implements this nor recorded steps fails, naming it:
   * there would be nothing to undo its changes with.
   *
   * @param context access to the database and to the migration's log
   * @throws Exception any failure; the migration is then recorded as {@link MigrationState#FAILED}
   */
  default void down(MigrationContext context) throws Exception {}
}
