package com.lms.migrations.cli;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One command (or a small family of commands) on one database. It prints its report to {@code out}
 * and returns the exit code ({@link MigrationCommandRunner#EXIT_OK} or {@link
 * MigrationCommandRunner#EXIT_FAILED}); errors it finds in the database go to {@code err}, and
 * failures are thrown.
 */
@FunctionalInterface
interface DatabaseCommand {

  /**
   * Runs the command.
   *
   * @param database the database it runs on, with the command's arguments
   * @param out where the report goes
   * @param err where errors found in the database go
   * @return the exit code
   * @throws IOException when a file cannot be written
   * @throws CommandUsageException when an argument is missing or wrong
   */
  int run(CommandDatabase database, PrintStream out, PrintStream err) throws IOException;
}
