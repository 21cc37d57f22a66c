package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_FAILED;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.deploy.DeployCheck;
import com.lms.migrations.deploy.DeployCheckResult;
import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code check-deploy}: whether rolling out this build up to a version is safe now, for a pipeline
 * step before the rollout. Exit 0 when it is, 1 with one line per reason when it is not.
 */
final class CheckDeployCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    int target = database.arguments().requireVersion();
    DeployCheckResult result = DeployCheck.check(database.runner(), target, Clock.systemUTC());
    if (result.safe()) {
      out.println("Safe to deploy up to version " + target + ".");
      return EXIT_OK;
    }
    out.println("Not safe to deploy up to version " + target + ":");
    result.reasons().forEach(reason -> out.println("  - " + reason));
    int count = result.reasons().size();
    err.println(
        "Error: "
            + database.errorPrefix()
            + "not safe to deploy up to version "
            + target
            + " ("
            + count
            + (count == 1 ? " reason" : " reasons")
            + ", listed on stdout)");
    return EXIT_FAILED;
  }
}
