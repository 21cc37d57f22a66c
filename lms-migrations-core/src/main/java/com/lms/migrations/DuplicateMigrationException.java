package com.lms.migrations;

/** Two registered migrations share a name or a version. */
public class DuplicateMigrationException extends MigrationException {

  DuplicateMigrationException(String message) {
    super(message);
  }
}
