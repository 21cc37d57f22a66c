package com.lms.migrations.importer;

import com.lms.migrations.MigrationRunner;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link MigrationRunner#importHistory(HistorySource)} would do now: the dry run.
 *
 * @param source where the old history was read
 * @param rows every old change id a migration replaces, lowest migration version first
 * @param unmapped old changes no migration replaces: they are not imported
 * @param problems why the import would be refused, each with how to resolve it; empty when it would
 *     go ahead
 * @param historyExists whether lms-migrations already has history on this database, in which case
 *     the import records nothing (it ran before, or the database was adopted otherwise)
 */
public record ImportPlan(
    HistorySource source,
    List<Row> rows,
    List<LegacyChange> unmapped,
    List<String> problems,
    boolean historyExists) {

  /**
   * One old change id and the migration replacing it.
   *
   * @param oldId the old tool's id of the change
   * @param change the change as the old tool recorded it, {@code null} when it has no record of it
   * @param migration the name of the migration replacing it
   * @param version that migration's version
   */
  public record Row(String oldId, @Nullable LegacyChange change, String migration, int version) {

    /**
     * Checks the values.
     *
     * @param oldId the old tool's id of the change
     * @param change the change as the old tool recorded it, {@code null} when it has no record of
     *     it
     * @param migration the name of the migration replacing it
     * @param version that migration's version
     */
    public Row {
      Objects.requireNonNull(oldId, "oldId must not be null");
      Objects.requireNonNull(migration, "migration must not be null");
    }

    /**
     * Whether the old tool applied the change, so that the migration is recorded as applied.
     *
     * @return {@code true} when the change is {@link LegacyChange.State#APPLIED}
     */
    public boolean imported() {
      return change != null && change.state() == LegacyChange.State.APPLIED;
    }
  }

  /**
   * Copies the lists.
   *
   * @param source where the old history was read
   * @param rows every old change id a migration replaces, lowest migration version first
   * @param unmapped old changes no migration replaces: they are not imported
   * @param problems why the import would be refused, each with how to resolve it; empty when it
   *     would go ahead
   * @param historyExists whether lms-migrations already has history on this database, in which case
   *     the import records nothing (it ran before, or the database was adopted otherwise)
   */
  public ImportPlan {
    Objects.requireNonNull(source, "source must not be null");
    rows = List.copyOf(rows);
    unmapped = List.copyOf(unmapped);
    problems = List.copyOf(problems);
  }

  /**
   * Whether importing now would record anything.
   *
   * @return {@code true} when there are no problems and no history yet
   */
  public boolean canImport() {
    return problems.isEmpty() && !historyExists;
  }

  /**
   * The plan as lines for a person to read: the mapping table, the unmapped changes, the problems.
   *
   * @return the text, one line per row
   */
  public String table() {
    StringBuilder text = new StringBuilder();
    text.append("Import from ")
        .append(source.tool().id())
        .append(" ('")
        .append(source.collection())
        .append("'):\n");
    for (Row row : rows) {
      text.append("  ")
          .append(row.oldId())
          .append(" -> ")
          .append(row.migration())
          .append(" (version ")
          .append(row.version())
          .append("): ")
          .append(
              row.change() == null
                  ? "not in the old history, will run"
                  : switch (row.change().state()) {
                    case APPLIED -> "applied, recorded as COMPLETED";
                    case NOT_APPLIED -> "not applied, will run";
                    case FAILED -> "FAILED, refused";
                  })
          .append('\n');
    }
    for (LegacyChange change : unmapped) {
      text.append("  ")
          .append(change.id())
          .append(" (")
          .append(change.state())
          .append("): no migration replaces it, not imported\n");
    }
    if (historyExists) {
      text.append("  lms-migrations already has history here: nothing will be imported\n");
    }
    for (String problem : problems) {
      text.append("  refused: ").append(problem).append('\n');
    }
    return text.toString();
  }
}
