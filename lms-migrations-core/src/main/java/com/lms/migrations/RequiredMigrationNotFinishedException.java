package com.lms.migrations;

import com.lms.migrations.background.BackgroundProgress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A migration {@linkplain Migration#requires() requires} a background migration that has not
 * completed, and the wait for it ran out. It and the migrations after it were not run; the message
 * says whether the run applied migrations below it first.
 */
public class RequiredMigrationNotFinishedException extends MigrationException {

  /** The migration that could not run. */
  private final String migrationName;

  /** Whether the run applied nothing before it stopped. */
  private final boolean nothingRun;

  /** The version of the migration that could not run. */
  private final int migrationVersion;

  /** The background migration it waits for. */
  private final String requiredName;

  /** How long the run waited for it. */
  private final Duration waited;

  /** How far the background migration got. */
  private final transient @Nullable BackgroundProgress progress;

  RequiredMigrationNotFinishedException(
      Migration migration,
      String requiredName,
      @Nullable BackgroundProgress progress,
      Duration waited,
      boolean nothingRun) {
    super(
        ErrorCode.REQUIRED_MIGRATION_NOT_FINISHED,
        names ->
            "Migration '"
                + migration.name()
                + "' (version "
                + migration.version()
                + ") requires background migration '"
                + requiredName
                + "', which has not completed ("
                + (progress == null
                    ? "this build does not know it and it is not recorded as completed"
                    : progress.describe())
                + ")"
                + (waited.isZero() ? "" : " after a wait of " + DurationText.of(waited))
                + (nothingRun
                    ? ". Nothing was run. "
                    : ". The migrations below it were applied; it and those after it were not run. ")
                + (progress == null
                    ? "Deploy the build that has it first, or remove it from requires()."
                    : "Let it finish (its progress: MigrationRunner.background().progress()) and"
                        + " run again, or set "
                        + names.setting("requiredWaitTime")
                        + " to wait for it."));
    this.migrationName = migration.name();
    this.migrationVersion = migration.version();
    this.requiredName = requiredName;
    this.progress = progress;
    this.waited = waited;
    this.nothingRun = nothingRun;
  }

  /**
   * Whether the run applied nothing before it stopped here. A run applies the regular migrations
   * below the required background migration first (the background migration waits for them), so it
   * may have applied some.
   *
   * @return {@code true} when nothing was run
   */
  public boolean isNothingRun() {
    return nothingRun;
  }

  /**
   * The migration that could not run.
   *
   * @return its name
   */
  public String getMigrationName() {
    return migrationName;
  }

  /**
   * The version of the migration that could not run.
   *
   * @return its version
   */
  public int getMigrationVersion() {
    return migrationVersion;
  }

  /**
   * How long the run waited for the background migration before refusing.
   *
   * @return the wait; zero when it refused at once
   */
  public Duration getWaited() {
    return waited;
  }

  /**
   * The background migration it waits for.
   *
   * @return its name
   */
  public String getRequiredName() {
    return requiredName;
  }

  /**
   * How far the background migration got when the wait ran out.
   *
   * @return its progress, or {@code null} when this build does not know it
   */
  public @Nullable BackgroundProgress getProgress() {
    return progress;
  }
}
