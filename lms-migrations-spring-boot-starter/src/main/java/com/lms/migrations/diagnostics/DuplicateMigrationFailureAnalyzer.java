package com.lms.migrations.diagnostics;

import com.lms.migrations.DuplicateMigrationException;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup stopped because two migrations share a name or a version, naming the one to
 * change when the history tells which one is applied, and a version free in the code and in the
 * history.
 */
class DuplicateMigrationFailureAnalyzer
    extends AbstractFailureAnalyzer<DuplicateMigrationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DuplicateMigrationException cause) {
    DuplicateMigrationStartupException explained =
        findCause(rootFailure, DuplicateMigrationStartupException.class);
    if (explained != null) {
      return explain(explained, cause);
    }
    return new FailureAnalysis(
        cause.getMessage(),
        "Give each migration its own name and version. Change the one that is not applied yet:"
            + " the applied one is recorded, by name and version, in the history collection"
            + " (lms.migrations.collection).",
        cause);
  }

  private static FailureAnalysis explain(
      DuplicateMigrationStartupException explained, DuplicateMigrationException cause) {
    DuplicateMigrationHistory history = explained.getHistory();
    Migration first = cause.getRegistered();
    Migration second = cause.getDuplicate();
    String collection = explained.getCollection();
    int nextFree = explained.nextFreeVersion();
    if (history.unreadable() != null) {
      return unreadable(cause, history.unreadable(), nextFree, collection);
    }
    return cause.isSameName()
        ? sameName(cause, history.first(), collection)
        : sameVersion(cause, history.first(), history.second(), nextFree, collection);
  }

  private static FailureAnalysis unreadable(
      DuplicateMigrationException cause, String why, int nextFree, String collection) {
    Migration first = cause.getRegistered();
    String description =
        "Migrations "
            + describe(first)
            + " and "
            + describe(cause.getDuplicate())
            + (cause.isSameName()
                ? " have the same name."
                : " both have version " + first.version() + ".")
            + " The history ("
            + collection
            + ") could not be read to tell which one is applied: "
            + why;
    String action =
        cause.isSameName()
            ? "Rename the one that is not applied yet and keep the name of the applied one."
            : "Renumber the one that is not applied yet to version "
                + nextFree
                + ", the next free version, and keep the version of the applied one.";
    return new FailureAnalysis(description, action, cause);
  }

  private static FailureAnalysis sameVersion(
      DuplicateMigrationException cause,
      @Nullable MigrationStatus firstRecorded,
      @Nullable MigrationStatus secondRecorded,
      int nextFree,
      String collection) {
    Migration first = cause.getRegistered();
    Migration second = cause.getDuplicate();
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
    if ((firstRecorded == null) != (secondRecorded == null)) {
      Migration recorded = firstRecorded != null ? first : second;
      Migration other = recorded == first ? second : first;
      MigrationStatus status = firstRecorded != null ? firstRecorded : secondRecorded;
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
    } else if (firstRecorded == null || secondRecorded == null) {
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
              + firstRecorded.version()
              + " and '"
              + second.name()
              + "' under version "
              + secondRecorded.version()
              + ", so one of them was renumbered after it ran.";
      action = "Give each migration back the version the history records for it.";
    }
    return new FailureAnalysis(description, action, cause);
  }

  private static FailureAnalysis sameName(
      DuplicateMigrationException cause, @Nullable MigrationStatus stored, String collection) {
    Migration first = cause.getRegistered();
    Migration second = cause.getDuplicate();
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
    Migration applied =
        stored == null
            ? null
            : stored.version() == first.version()
                ? first
                : stored.version() == second.version() ? second : null;
    String action;
    if (applied != null) {
      Migration other = applied == first ? second : first;
      description +=
          " The history ("
              + collection
              + ") records '"
              + first.name()
              + "' with version "
              + applied.version()
              + ", so "
              + applied.getClass().getName()
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
    return new FailureAnalysis(description, action, cause);
  }

  private static String describe(Migration migration) {
    return "'" + migration.name() + "' (" + migration.getClass().getName() + ")";
  }
}
