package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.background.BackgroundProgress;
import com.lms.migrations.background.BackgroundState;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The controls of a background migration: pause, resume, rollback in background and throttle. They
 * are recorded in the database: whichever instance runs the migration obeys.
 */
enum BackgroundControlCommand implements DatabaseCommand {

  /** Pauses the migration after its current batch. */
  PAUSE {
    @Override
    public int run(CommandDatabase database, PrintStream out, PrintStream err) {
      String name = database.arguments().requireBackgroundName();
      BackgroundProgress progress = database.runner().background().pause(name);
      CommandReport.printProgress(progress, out);
      out.println(
          "Paused background migration '"
              + name
              + (progress.state() == BackgroundState.RUNNING
                  ? "': it stops after its current batch, keeping its checkpoint."
                  : "': no worker starts it until it is resumed."));
      return EXIT_OK;
    }
  },

  /** Resumes the migration from its last checkpoint. */
  RESUME {
    @Override
    public int run(CommandDatabase database, PrintStream out, PrintStream err) {
      String name = database.arguments().requireBackgroundName();
      BackgroundProgress progress = database.runner().background().resume(name);
      CommandReport.printProgress(progress, out);
      out.println(
          "Resumed background migration '"
              + name
              + "': a worker carries it on from its last checkpoint when it next looks for work.");
      return EXIT_OK;
    }
  },

  /** Queues the migration's rollback for a worker. */
  ROLLBACK {
    @Override
    public int run(CommandDatabase database, PrintStream out, PrintStream err) {
      String name = database.arguments().requireBackgroundName();
      BackgroundProgress progress = database.runner().background().rollback(name);
      CommandReport.printProgress(progress, out);
      out.println(
          "Queued the rollback of background migration '"
              + name
              + "': a worker runs its down to the end when it next looks for work (once it is"
              + " resumed, if it is paused), then leaves it paused.");
      return EXIT_OK;
    }
  },

  /** Limits the documents per second the migration writes. */
  THROTTLE {
    @Override
    public int run(CommandDatabase database, PrintStream out, PrintStream err) {
      String name = database.arguments().requireBackgroundName();
      long maxPerSecond = database.arguments().requireMaxPerSecond();
      BackgroundProgress progress = database.runner().background().throttle(name, maxPerSecond);
      CommandReport.printProgress(progress, out);
      out.println(
          maxPerSecond == 0
              ? "Background migration '" + name + "' is back to its own limit from its next batch."
              : String.format(
                  Locale.ROOT,
                  "Throttled background migration '%s' to %,d documents per second from its next"
                      + " batch.",
                  name,
                  maxPerSecond));
      return EXIT_OK;
    }
  }
}
