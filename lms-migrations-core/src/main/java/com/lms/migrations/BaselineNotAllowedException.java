package com.lms.migrations;

/** A baseline was asked for on a database that already has migration history. */
public class BaselineNotAllowedException extends MigrationException {

  BaselineNotAllowedException(String collection) {
    super(
        ErrorCode.BASELINE_NOT_ALLOWED,
        "Cannot baseline: the '"
            + collection
            + "' collection already has migration history. A baseline is only for adopting"
            + " lms-migrations on an existing database; use markApplied for single migrations.");
  }
}
