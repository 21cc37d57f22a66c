package com.lms.migrations.diagnostics;

import com.lms.migrations.DurationText;
import com.lms.migrations.RequiredMigrationNotFinishedException;
import com.lms.migrations.background.BackgroundProgress;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup stopped because a migration {@linkplain
 * com.lms.migrations.Migration#requires() requires} a background migration that has not completed:
 * where to follow its progress (the endpoint) and the property that makes startup wait for it.
 * Built from the exception's fields.
 */
class RequiredMigrationFailureAnalyzer
    extends AbstractFailureAnalyzer<RequiredMigrationNotFinishedException> {

  private static final String WAIT_PROPERTY = FailureAdvice.propertyOf("requiredWaitTime");

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, RequiredMigrationNotFinishedException cause) {
    return new FailureAnalysis(description(cause), action(cause), cause);
  }

  /** The fact: which migration waits for which, and how far that one got. */
  static String description(RequiredMigrationNotFinishedException refusal) {
    BackgroundProgress progress = refusal.getProgress();
    return "Migration '"
        + refusal.getMigrationName()
        + "' (version "
        + refusal.getMigrationVersion()
        + ") requires background migration '"
        + refusal.getRequiredName()
        + "', which has not completed ("
        + (progress == null
            ? "this build does not know it and it is not recorded as completed"
            : progress.describe())
        + ")"
        + (refusal.getWaited().isZero()
            ? ""
            : " after a wait of " + DurationText.of(refusal.getWaited()))
        + (refusal.isNothingRun()
            ? ". Nothing was run."
            : ". The migrations below it were applied; it and those after it were not run.");
  }

  /** The fix, with the endpoint showing the progress and the property that waits for it. */
  static String action(RequiredMigrationNotFinishedException refusal) {
    if (refusal.getProgress() == null) {
      return "Deploy the build that has '"
          + refusal.getRequiredName()
          + "' first, or remove it from requires() of '"
          + refusal.getMigrationName()
          + "'.";
    }
    return "Let it finish (its progress: GET /actuator/migrations/"
        + refusal.getRequiredName()
        + ") and run again, or "
        + (refusal.getWaited().isZero()
            ? "set " + WAIT_PROPERTY + " to wait for it at startup."
            : "raise "
                + WAIT_PROPERTY
                + " (now "
                + DurationText.of(refusal.getWaited())
                + ") to wait longer.");
  }
}
