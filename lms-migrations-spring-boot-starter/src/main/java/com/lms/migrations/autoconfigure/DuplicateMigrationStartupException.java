package com.lms.migrations.autoconfigure;

import com.lms.migrations.DuplicateMigrationException;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.MigrationStatus;
import java.util.List;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Two migration beans share a name or a version, explained with what the history says: which of the
 * two is already recorded, so that the advice names the one to change. Reported by {@link
 * DuplicateMigrationFailureAnalyzer}.
 */
final class DuplicateMigrationStartupException extends RuntimeException {

  private final String description;
  private final String action;

  private DuplicateMigrationStartupException(
      String description, String action, DuplicateMigrationException cause) {
    super(description + " " + action, cause);
    this.description = description;
    this.action = action;
  }

  String getDescription() {
    return description;
  }

  String getAction() {
    return action;
  }

  /**
   * Explains a duplicate found while registering the migration beans.
   *
   * @param duplicate what registration refused
   * @param settings where the history is
   * @param mongoTemplate the application's template, to read the history of both
   * @param migrations every migration bean, to find the next free version
   */
  static DuplicateMigrationStartupException explain(
      DuplicateMigrationException duplicate,
      MigrationSettings settings,
      MongoTemplate mongoTemplate,
      List<Migration> migrations) {
    Migration first = duplicate.getRegistered();
    Migration second = duplicate.getDuplicate();
    int nextFree =
        Math.max(
                Math.max(first.version(), second.version()),
                migrations.stream().mapToInt(Migration::version).max().orElse(0))
            + 1;
    String collection = settings.collection();
    try {
      return duplicate.isSameName()
          ? sameName(
              duplicate,
              first,
              second,
              recorded(probe(settings, mongoTemplate, first), first),
              collection)
          : sameVersion(
              duplicate,
              first,
              second,
              recorded(probe(settings, mongoTemplate, first), first),
              recorded(probe(settings, mongoTemplate, second), second),
              nextFree,
              collection);
    } catch (RuntimeException unreadable) {
      String description =
          "Migrations "
              + describe(first)
              + " and "
              + describe(second)
              + (duplicate.isSameName()
                  ? " have the same name."
                  : " both have version " + first.version() + ".")
              + " The history ("
              + collection
              + ") could not be read to tell which one is applied: "
              + unreadable.getMessage();
      String action =
          duplicate.isSameName()
              ? "Rename the one that is not applied yet and keep the name of the applied one."
              : "Renumber the one that is not applied yet to version "
                  + nextFree
                  + ", the next free version, and keep the version of the applied one.";
      return new DuplicateMigrationStartupException(description, action, duplicate);
    }
  }

  private static DuplicateMigrationStartupException sameVersion(
      DuplicateMigrationException duplicate,
      Migration first,
      Migration second,
      Optional<MigrationStatus> firstRecorded,
      Optional<MigrationStatus> secondRecorded,
      int nextFree,
      String collection) {
    int version = first.version();
    String description =
        "Migrations "
            + describe(first)
            + " and "
            + describe(second)
            + " both have version "
            + version
            + ".";
    String action;
    if (firstRecorded.isPresent() != secondRecorded.isPresent()) {
      Migration recorded = firstRecorded.isPresent() ? first : second;
      Migration other = recorded == first ? second : first;
      MigrationStatus status = firstRecorded.or(() -> secondRecorded).orElseThrow();
      description +=
          " '"
              + recorded.name()
              + "' is already recorded in the history ("
              + collection
              + ") as "
              + status.status()
              + "; '"
              + other.name()
              + "' is not applied yet.";
      action =
          "Renumber '"
              + other.name()
              + "' ("
              + other.getClass().getName()
              + ") to version "
              + nextFree
              + ", the next free version. Keep version "
              + version
              + " on '"
              + recorded.name()
              + "': the history records it under that version.";
    } else if (firstRecorded.isEmpty()) {
      description += " Neither is applied yet.";
      action =
          "Renumber one of them, usually the one added last: for example give '"
              + second.name()
              + "' ("
              + second.getClass().getName()
              + ") version "
              + nextFree
              + ", the next free version.";
    } else {
      description +=
          " Both are recorded in the history ("
              + collection
              + "): '"
              + first.name()
              + "' under version "
              + firstRecorded.get().version()
              + " and '"
              + second.name()
              + "' under version "
              + secondRecorded.get().version()
              + ", so one of them was renumbered after it ran.";
      action = "Give each migration back the version the history records for it.";
    }
    return new DuplicateMigrationStartupException(description, action, duplicate);
  }

  private static DuplicateMigrationStartupException sameName(
      DuplicateMigrationException duplicate,
      Migration first,
      Migration second,
      Optional<MigrationStatus> stored,
      String collection) {
    String description =
        "Two migrations are named '"
            + first.name()
            + "': "
            + first.getClass().getName()
            + " (version "
            + first.version()
            + ") and "
            + second.getClass().getName()
            + " (version "
            + second.version()
            + ").";
    Optional<Migration> applied =
        stored.flatMap(
            status ->
                status.version() == first.version()
                    ? Optional.of(first)
                    : status.version() == second.version()
                        ? Optional.of(second)
                        : Optional.empty());
    String action;
    if (applied.isPresent()) {
      Migration other = applied.get() == first ? second : first;
      description +=
          " The history ("
              + collection
              + ") records '"
              + first.name()
              + "' with version "
              + applied.get().version()
              + ", so "
              + applied.get().getClass().getName()
              + " is the applied one.";
      action =
          "Rename the migration in "
              + other.getClass().getName()
              + " (version "
              + other.version()
              + ") and keep the name '"
              + first.name()
              + "' on the applied one.";
    } else {
      action = "Give each migration its own name.";
    }
    return new DuplicateMigrationStartupException(description, action, duplicate);
  }

  /** The migration's recorded status, when the history has any entry for it. */
  private static Optional<MigrationStatus> recorded(MigrationRunner runner, Migration migration) {
    List<MigrationHistoryEntry> history = runner.getHistory(migration.name());
    return history.isEmpty() ? Optional.empty() : runner.getStatus(migration.name());
  }

  /** A runner on the same history knowing only this migration, to read its status. */
  private static MigrationRunner probe(
      MigrationSettings settings, MongoTemplate mongoTemplate, Migration migration) {
    return MigrationRunner.builder(mongoTemplate).settings(settings).migration(migration).build();
  }

  private static String describe(Migration migration) {
    return "'" + migration.name() + "' (" + migration.getClass().getName() + ")";
  }
}
