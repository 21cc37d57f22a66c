package com.lms.migrations.importer;

import com.lms.migrations.ErrorCode;
import com.lms.migrations.MigrationException;
import java.util.List;

/**
 * An import of another tool's history was refused; nothing was recorded. The message lists every
 * reason, each with how to resolve it.
 */
public class HistoryImportRefusedException extends MigrationException {

  /** Every reason for the refusal. */
  private final List<String> problems;

  /**
   * Creates the refusal.
   *
   * @param source the history that was not imported
   * @param problems every reason, in words a person reads
   */
  public HistoryImportRefusedException(HistorySource source, List<String> problems) {
    super(
        ErrorCode.HISTORY_IMPORT_REFUSED,
        "Cannot import the history of "
            + source.tool().id()
            + " from '"
            + source.collection()
            + "'; nothing was recorded:\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * Every reason for the refusal.
   *
   * @return the reasons, each with how to resolve it
   */
  public List<String> problems() {
    return problems;
  }
}
