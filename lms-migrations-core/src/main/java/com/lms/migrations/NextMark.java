package com.lms.migrations;

import org.jspecify.annotations.Nullable;

/**
 * What became of the next migration's running mark when it was sent together with the outcome of
 * the migration before it.
 *
 * @param mark the mark that was sent
 * @param marked whether it was written
 * @param error why the server refused it, when that was not a changed state; {@code null} when it
 *     was written, or refused because the state changed since it was read
 */
record NextMark(RunningMark mark, boolean marked, @Nullable RuntimeException error) {

  static NextMark marked(RunningMark mark) {
    return new NextMark(mark, true, null);
  }

  /** The state changed since it was read: another instance is running or ran it. */
  static NextMark refused(RunningMark mark) {
    return new NextMark(mark, false, null);
  }

  static NextMark failed(RunningMark mark, RuntimeException error) {
    return new NextMark(mark, false, error);
  }
}
