package com.lms.migrations.diagnostics;

import com.lms.migrations.Direction;
import com.lms.migrations.MigrationFailedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a startup stopped by a failed migration: which one, its error, where to look. */
class MigrationFailureAnalyzer extends AbstractFailureAnalyzer<MigrationFailedException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MigrationFailedException cause) {
    String name = cause.getMigrationName();
    String description =
        "Migration '"
            + name
            + "' failed while "
            + (cause.getDirection() == Direction.UP ? "applying" : "rolling back")
            + ": "
            + sentence(cause.getExecution().toStatus().error())
            + " It is recorded as FAILED; later migrations were not applied.";
    String action =
        "Look at its status and logs (GET /actuator/migrations/"
            + name
            + ", or MigrationRunner.getLogs(\""
            + name
            + "\")), fix the migration or the data, and restart: failed migrations are run"
            + " again. To start the application anyway, set lms.migrations.fail-on-error=false.";
    return new FailureAnalysis(description, action, cause);
  }

  /** Ends the error with a full stop unless it has one ("... resume from there."). */
  private static String sentence(String error) {
    return error.endsWith(".") ? error : error + ".";
  }
}
