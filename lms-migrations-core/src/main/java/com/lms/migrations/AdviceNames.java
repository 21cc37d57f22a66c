package com.lms.migrations;

/**
 * How a failure's advice names what a user acts on: a setting, and the call that pauses a
 * background migration. The core names its own API ({@link #core()}: {@code LockSettings.waitTime},
 * {@code MigrationRunner.background().pause("backfill")}); a framework that binds the settings from
 * its own configuration names its keys and requests instead, through {@link
 * MigrationException#getMessage(AdviceNames)}.
 */
public interface AdviceNames {

  /**
   * Names a setting.
   *
   * @param path the setting's path as {@link InvalidSettingException#getSetting()} gives it: a
   *     component of {@link MigrationSettings}, or {@code lock.} and a component of {@link
   *     LockSettings}, such as {@code collection} or {@code lock.waitTime}
   * @return how the advice names it
   */
  String setting(String path);

  /**
   * Names the call that pauses a background migration.
   *
   * @param migrationName the background migration
   * @return how the advice names the call
   */
  String pause(String migrationName);

  /**
   * The core's names: {@code lock.waitTime} is {@code LockSettings.waitTime}, {@code collection} is
   * {@code MigrationSettings.collection}, and a pause is {@code
   * MigrationRunner.background().pause("name")}.
   *
   * @return the names of the core API
   */
  static AdviceNames core() {
    return CoreAdviceNames.INSTANCE;
  }
}
