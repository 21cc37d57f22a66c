package com.lms.migrations.cli;

/** The command line is wrong: unknown command, missing or malformed argument. Exit code 2. */
final class CommandUsageException extends RuntimeException {

  CommandUsageException(String message) {
    super(message);
  }
}
