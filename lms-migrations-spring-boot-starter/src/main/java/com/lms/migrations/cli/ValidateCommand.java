package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_FAILED;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.diagnostics.FailureAdvice;
import com.lms.migrations.validation.ValidationFinding;
import com.lms.migrations.validation.ValidationFinding.Kind;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationPolicy.ChecksumCheck;
import com.lms.migrations.validation.ValidationResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code validate}: the registered migrations against the recorded history, without writing. An
 * applied migration whose code changed is an error here whatever {@code
 * lms.migrations.validate-checksums} says, so that a CI job can guard against edited migrations.
 */
final class ValidateCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    MigrationRunner runner = database.runner();
    ValidationResult result = runner.validate();
    result.warningFindings().stream()
        .filter(warning -> warning.kind() != Kind.CHANGED)
        .forEach(warning -> out.println("Warning: " + warning.message()));
    List<ValidationFinding> errors = new ArrayList<>();
    result.errorFindings().stream()
        .filter(error -> error.kind() != Kind.CHANGED)
        .forEach(errors::add);
    errors.addAll(changed(database));
    if (errors.isEmpty()) {
      out.println(
          "Valid: the "
              + runner.getMigrations().size()
              + " registered migrations match the recorded history.");
      return EXIT_OK;
    }
    // The findings are the command's report: stdout, where a script reads it.
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

  /**
   * The applied migrations whose code changed, checked with the runner's migrations and settings on
   * its database whether or not its own policy checks them ({@code validate-checksums=off}).
   */
  private static List<ValidationFinding> changed(CommandDatabase database) {
    MigrationRunner runner = database.runner();
    MigrationRunner checking =
        MigrationRunner.builder(database.mongoTemplate().get())
            .database(runner.getDatabaseName())
            .settings(runner.getSettings())
            .validationPolicy(ValidationPolicy.strict().withChecksums(ChecksumCheck.WARN))
            .migrations(runner.getMigrations())
            .build();
    return checking.validate().findings().stream()
        .filter(finding -> finding.kind() == Kind.CHANGED)
        .toList();
  }
}
