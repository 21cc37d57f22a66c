package com.lms.migrations;

import java.time.Duration;

/**
 * A {@link MigrationSettings} or {@link LockSettings} value that is not allowed. Names the setting
 * by its path in the settings ({@code lock.leaseTime}), so that a framework binding the settings
 * from its own configuration can name its own key for it.
 */
public class InvalidSettingException extends IllegalArgumentException {

  /** The setting's path, such as {@code lock.leaseTime}. */
  private final String setting;

  /** The value refused, as text. */
  private final String value;

  /** What the value must be. */
  private final String reason;

  InvalidSettingException(String setting, String description, Object value, String reason) {
    super(description + " " + reason + " but was " + quoted(value));
    this.setting = setting;
    this.value =
        value instanceof Duration duration ? DurationText.of(duration) : String.valueOf(value);
    this.reason = reason;
  }

  /**
   * The setting's path: a component of {@link MigrationSettings}, or {@code lock.} and a component
   * of {@link LockSettings}, such as {@code collection}, {@code logLimit} or {@code
   * lock.leaseTime}.
   *
   * @return the path
   */
  public String getSetting() {
    return setting;
  }

  /**
   * The value refused, as text.
   *
   * @return the value
   */
  public String getValue() {
    return value;
  }

  /**
   * What the value must be, without the setting's name, such as {@code must be positive}.
   *
   * @return the reason
   */
  public String getReason() {
    return reason;
  }

  private static String quoted(Object value) {
    return value instanceof String
        ? "'" + value + "'"
        : value instanceof Duration duration ? DurationText.of(duration) : String.valueOf(value);
  }
}
