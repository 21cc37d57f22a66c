package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_FAILED;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.validation.ValidationFinding;
import com.lms.migrations.validation.ValidationResult;
import java.io.PrintStream;
import java.util.List;

/** {@code validate}: the registered migrations against the recorded history, without writing. */
final class ValidateCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    MigrationRunner runner = database.runner();
    ValidationResult result = runner.validate();
    result.warnings().forEach(warning -> out.println("Warning: " + warning));
    if (result.isValid()) {
      out.println(
          "Valid: the "
              + runner.getMigrations().size()
              + " registered migrations match the recorded history.");
      return EXIT_OK;
    }
    // The findings are the command's report: stdout, where a script reads it.
    List<ValidationFinding> errors = result.errorFindings();
    errors.forEach(error -> out.println("Error: " + FailureAdvice.describe(error)));
    String disagreements =
        errors.size() + (errors.size() == 1 ? " disagreement" : " disagreements");
    out.println(
        "Invalid: "
            + disagreements
            + " between the registered migrations and the recorded history.");
    err.println(
        "Error: "
            + database.errorPrefix()
            + "the registered migrations do not match the recorded history ("
            + disagreements
            + ", listed on stdout)");
    return EXIT_FAILED;
  }
}
