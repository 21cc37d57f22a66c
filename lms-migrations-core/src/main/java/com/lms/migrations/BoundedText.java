package com.lms.migrations;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.jspecify.annotations.Nullable;

/**
 * Keeps stored text small enough that no number of log lines, errors or history entries can push a
 * document towards MongoDB's 16 MB limit and make recording an outcome fail.
 */
final class BoundedText {

  /** The most characters stored for one log line or error. */
  static final int MAX_CHARS = 8 * 1024;

  private BoundedText() {}

  /** The text, cut to {@link #MAX_CHARS} with a marker saying how much was dropped. */
  static String cap(String text) {
    if (text == null || text.length() <= MAX_CHARS) {
      return text;
    }
    // Room for the marker with the longest count it can show, so the result never exceeds the cap.
    int kept = MAX_CHARS - marker(text.length()).length();
    return text.substring(0, kept) + marker(text.length() - kept);
  }

  private static String marker(int dropped) {
    return "... [truncated " + dropped + " characters]";
  }

  /** A stored value as an error message shows it: its type and the start of its text. */
  static String describeValue(@Nullable Object value) {
    if (value == null) {
      return "nothing";
    }
    String text = String.valueOf(value);
    return value.getClass().getSimpleName()
        + " "
        + (text.length() > 80 ? text.substring(0, 80) + "..." : text);
  }

  /** A throwable's stack trace, with causes and suppressed exceptions, capped. */
  static String stackTrace(Throwable throwable) {
    StringWriter trace = new StringWriter();
    try {
      throwable.printStackTrace(new PrintWriter(trace));
    } catch (RuntimeException | StackOverflowError e) {
      // A broken toString() or a cycle must not stop the failure from being recorded.
      return cap(MigrationFailedException.describe(throwable));
    }
    return cap(trace.toString().strip());
  }
}
