package com.lms.migrations;

/** Base type of every error the migration engine reports on purpose. */
public abstract class MigrationException extends RuntimeException {

  /**
   * Creates an exception with a message for the user.
   *
   * @param message what happened and what to do about it
   */
  protected MigrationException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message for the user and its cause.
   *
   * @param message what happened and what to do about it
   * @param cause the underlying failure
   */
  protected MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
