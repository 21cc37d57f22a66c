package com.lms.migrations;

/** A migration cannot be registered: it is null, or its name or version is not allowed. */
public class InvalidMigrationException extends MigrationException {

  InvalidMigrationException(String message) {
    super(ErrorCode.INVALID_MIGRATION, message);
  }
}
