package com.lms.migrations;

/**
 * Logs a migration's progress with SLF4J-style {@code {}} placeholders. A trailing {@link
 * Throwable} argument is logged with its stack trace and stored as its message.
 */
public interface MigrationLogger {

  /**
   * Logs at INFO.
   *
   * @param message the message, with {@code {}} placeholders
   * @param arguments values for the placeholders
   */
  void info(String message, Object... arguments);

  /**
   * Logs at WARN.
   *
   * @param message the message, with {@code {}} placeholders
   * @param arguments values for the placeholders
   */
  void warn(String message, Object... arguments);

  /**
   * Logs at ERROR.
   *
   * @param message the message, with {@code {}} placeholders
   * @param arguments values for the placeholders
   */
  void error(String message, Object... arguments);
}
