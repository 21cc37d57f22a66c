package com.lms.migrations.cli;

import java.io.PrintStream;

/**
 * Keeps the command's report apart from the logs. In command mode, {@link System#out} is pointed at
 * {@link System#err} before logging starts, so that everything logged to the console (Logback and
 * Log4j2 console appenders write to {@code System.out}) goes to stderr; only the report is written
 * to the original stdout, through {@link #report()}. A script can then read stdout alone.
 */
final class CommandConsole {

  private CommandConsole() {}

  /**
   * Sends what is written to {@code System.out} from now on to {@code System.err}. Calling it again
   * (another command run in the same JVM) keeps the original stdout as the report stream.
   */
  static synchronized void sendConsoleOutputToStderr() {
    if (!(System.out instanceof StdoutToStderr)) {
      System.setOut(new StdoutToStderr(System.out, System.err));
    }
  }

  /** Gives {@code System.out} back, once the command is done (matters when run in-process). */
  static synchronized void restore() {
    if (System.out instanceof StdoutToStderr redirected) {
      System.setOut(redirected.stdout);
    }
  }

  /**
   * Where the command's report goes: the original stdout in command mode.
   *
   * @return the stream
   */
  static synchronized PrintStream report() {
    return System.out instanceof StdoutToStderr redirected ? redirected.stdout : System.out;
  }

  /** {@code System.out} while in command mode: writes to stderr, remembers the real stdout. */
  private static final class StdoutToStderr extends PrintStream {

    private final PrintStream stdout;

    StdoutToStderr(PrintStream stdout, PrintStream stderr) {
      super(stderr, true);
      this.stdout = stdout;
    }
  }
}
