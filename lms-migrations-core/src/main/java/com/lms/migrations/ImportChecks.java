package com.lms.migrations;

import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.importer.ImportPlan;
import com.lms.migrations.importer.LegacyChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reasons an import of another tool's history is refused, one check per reason. Each returns
 * the problem in words a person reads, with what to do, or nothing when the history passes it.
 */
final class ImportChecks {

  private ImportChecks() {}

  /** A change the old tool recorded as failed may have left part of its changes behind. */
  static Optional<String> failedChange(String tool, LegacyChange change) {
    if (change.state() != LegacyChange.State.FAILED) {
      return Optional.empty();
    }
    return Optional.of(
        tool
            + " change '"
            + change.id()
            + "' failed (document _id "
            + change.sourceId()
            + (change.at() == null ? "" : ", at " + change.at())
            + (change.error() == null ? "" : ", " + change.error())
            + "): its changes may be partly in the database. Run "
            + tool
            + " once more so that it completes, or roll it back with "
            + tool
            + ", then import again");
  }

  /** A mapping must name a registered migration. */
  static Optional<String> unregisteredMapping(
      String tool, String oldId, String name, MigrationRegistry registry) {
    if (registry.find(name).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        "the mapping of "
            + tool
            + " change '"
            + oldId
            + "' names migration '"
            + name
            + "', which is not registered: correct the name in the mapping or register"
            + " the migration");
  }

  /** One old change can be replaced by one migration only. */
  static Optional<String> claimedTwice(String tool, String oldId, Set<String> names) {
    if (names.size() <= 1) {
      return Optional.empty();
    }
    return Optional.of(
        tool
            + " change '"
            + oldId
            + "' is claimed by migrations "
            + names
            + ": one old change can be replaced by one migration only; remove it from all"
            + " but one");
  }

  /** Several changes share the id, told apart by author: which one is replaced cannot be told. */
  static Optional<String> severalAuthors(
      String tool, String oldId, Set<@Nullable String> authors, Set<String> names) {
    if (authors.size() <= 1) {
      return Optional.empty();
    }
    return Optional.of(
        tool
            + " has several changes with id '"
            + oldId
            + "', by authors "
            + authors
            + ", which "
            + tool
            + " keeps apart (by id and author): it cannot be told which one migrations "
            + names
            + " replace; rename one of them with "
            + tool
            + " or leave the id unmapped");
  }

  /** Flyway records nothing one by one below its baseline, so no version there can be read. */
  static List<String> belowFlywayBaseline(
      Optional<String> baseline, Set<String> claimed, Map<String, LegacyChange> byId) {
    List<String> problems = new ArrayList<>();
    if (baseline.isEmpty()) {
      return problems;
    }
    for (String oldId : claimed) {
      if (!byId.containsKey(oldId)
          && LegacyHistory.compareFlywayVersions(oldId, baseline.get()) < 0) {
        problems.add(
            "flyway version "
                + oldId
                + " is below the baseline at version "
                + baseline.get()
                + ": Flyway never recorded it one by one, so whether it is applied cannot be"
                + " read; take it out of replaces() and the mappings, and record its migration"
                + " with markApplied (mark-applied) if the database has it");
      }
    }
    return problems;
  }

  /**
   * A wrong collection or database must not turn the import into "run everything again": an empty
   * old history is refused until the import has run (the old collections may be dropped since), and
   * so is one that holds none of the changes migrations replace.
   */
  static Optional<String> wrongPlace(
      HistorySource source,
      Map<String, LegacyChange> byId,
      Set<String> claimed,
      boolean historyExists) {
    String tool = source.tool().id();
    if (byId.isEmpty()) {
      return historyExists
          ? Optional.empty()
          : Optional.of(
              "the "
                  + tool
                  + " history in '"
                  + source.collection()
                  + "' is missing or empty in this database: check the collection name and the"
                  + " database, or leave the import out if "
                  + tool
                  + " never ran here");
    }
    if (claimed.isEmpty() || claimed.stream().anyMatch(byId::containsKey)) {
      return Optional.empty();
    }
    return Optional.of(
        "none of the "
            + claimed.size()
            + " changes that migrations replace is in the "
            + tool
            + " history in '"
            + source.collection()
            + "' (it has "
            + byId.keySet()
            + "): check the ids in replaces() and the mappings");
  }

  /**
   * A migration that replaces several old changes is recorded as applied only when all were:
   * recording it would skip the rest, running it would repeat the others.
   *
   * @param rows the plan's rows, by version
   */
  static List<String> partlyApplied(String tool, List<ImportPlan.Row> rows) {
    List<String> problems = new ArrayList<>();
    byMigration(rows)
        .forEach(
            (name, mapped) -> {
              boolean someApplied = mapped.stream().anyMatch(ImportPlan.Row::imported);
              if (someApplied && !mapped.stream().allMatch(ImportPlan.Row::imported)) {
                problems.add(
                    "migration '"
                        + name
                        + "' replaces "
                        + tool
                        + " changes of which only some were applied ("
                        + String.join(
                            ", ", mapped.stream().map(ImportChecks::describeState).toList())
                        + "): recording it as applied would skip the rest and running it would repeat"
                        + " the others; apply the rest with "
                        + tool
                        + " first, or split the migration");
              }
            });
    return problems;
  }

  /** The rows grouped by the migration that replaces them, in the rows' order. */
  static Map<String, List<ImportPlan.Row>> byMigration(List<ImportPlan.Row> rows) {
    Map<String, List<ImportPlan.Row>> byMigration = new LinkedHashMap<>();
    for (ImportPlan.Row row : rows) {
      byMigration.computeIfAbsent(row.migration(), name -> new ArrayList<>()).add(row);
    }
    return byMigration;
  }

  private static String describeState(ImportPlan.Row row) {
    return "'"
        + row.oldId()
        + "' "
        + Optional.ofNullable(row.change())
            .map(change -> change.state().name().toLowerCase(Locale.ROOT))
            .orElse("not in the old history");
  }
}
