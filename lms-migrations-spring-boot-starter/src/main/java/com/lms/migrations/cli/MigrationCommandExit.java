package com.lms.migrations.cli;

/**
 * Ends the process after a command of the command-line mode. The default closes the application and
 * calls {@link System#exit}; tests replace it to read the code instead.
 */
@FunctionalInterface
public interface MigrationCommandExit {

  /**
   * Ends the process.
   *
   * @param code 0 on success, 1 when the command failed, 2 for a usage error
   */
  void exit(int code);
}
