package com.lms.migrations;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link MigrationRunner} stores its state and runs migrations.
 *
 * @param collection the collection holding one status document per migration
 * @param logLimit how many log lines are kept per migration (the newest ones)
 * @param lock how instances share the work
 * @param transactionMode whether migrations run in transactions
 * @param requiredWaitTime how long a migration waits for the background migrations it {@linkplain
 *     Migration#requires() requires} to complete before the run is refused (zero: not at all)
 */
public record MigrationSettings(
    String collection,
    int logLimit,
    LockSettings lock,
    TransactionMode transactionMode,
    Duration requiredWaitTime) {

  /** The default status collection. */
  public static final String DEFAULT_COLLECTION = "lms_migrations";

  /** The default number of log lines kept per migration. */
  public static final int DEFAULT_LOG_LIMIT = 500;

  // MongoDB forbids '$' and NUL in collection names and reserves the "system." prefix.
  private static final Pattern COLLECTION_NAME = Pattern.compile("(?!system\\.)[^$\\x00]{1,200}");

  /**
   * Checks every value, naming the bad one.
   *
   * @param collection the collection holding one status document per migration
   * @param logLimit how many log lines are kept per migration (the newest ones)
   * @param lock how instances share the work
   * @param transactionMode whether migrations run in transactions
   * @param requiredWaitTime how long a migration waits for the background migrations it requires
   */
  public MigrationSettings {
    if (requiredWaitTime == null || requiredWaitTime.isNegative()) {
      throw new InvalidSettingException(
          "requiredWaitTime",
          "wait for required background migrations",
          requiredWaitTime,
          "must be zero or positive");
    }
    requireCollectionName("collection", "collection", collection);
    if (logLimit < 1) {
      throw new InvalidSettingException("logLimit", "log limit", logLimit, "must be at least 1");
    }
    Objects.requireNonNull(lock, "lock settings must not be null");
    if (transactionMode == null) {
      throw new InvalidSettingException(
          "transactionMode", "transaction mode", null, "must be one of AUTO, ALWAYS or NEVER");
    }
    for (String own :
        List.of(
            collection,
            logCollection(collection),
            checkpointCollection(collection),
            backgroundCollection(collection),
            stepCollection(collection),
            instanceCollection(collection))) {
      if (own.equals(lock.collection())) {
        throw new InvalidSettingException(
            "lock.collection",
            "lock collection",
            lock.collection(),
            "must differ from the status collection '"
                + collection
                + "' and from the collections beside it ('"
                + logCollection(collection)
                + "', '"
                + checkpointCollection(collection)
                + "', '"
                + backgroundCollection(collection)
                + "', '"
                + stepCollection(collection)
                + "', '"
                + instanceCollection(collection)
                + "')");
      }
    }
  }

  /**
   * The prefix of every backup collection {@link MigrationContext#backup} creates: {@code
   * lms_backup_<migration>_<collection>}.
   */
  public static final String BACKUP_PREFIX = "lms_backup_";

  /**
   * The collection a migration's backup of a collection goes to.
   *
   * @param migration the migration's name
   * @param collection the collection backed up
   * @return {@code lms_backup_<migration>_<collection>}
   */
  public static String backupCollection(String migration, String collection) {
    return BACKUP_PREFIX + migration + "_" + collection;
  }

  /**
   * The collection holding each migration's log lines, beside the status collection.
   *
   * @param statusCollection the status collection
   * @return {@code <statusCollection>_logs}
   */
  public static String logCollection(String statusCollection) {
    return statusCollection + "_logs";
  }

  /**
   * The collection holding batch job checkpoints, beside the status collection.
   *
   * @param statusCollection the status collection
   * @return {@code <statusCollection>_checkpoints}
   */
  public static String checkpointCollection(String statusCollection) {
    return statusCollection + "_checkpoints";
  }

  /**
   * The collection holding the progress and the operator controls (pause, throttle) of background
   * migrations, beside the status collection.
   *
   * @param statusCollection the status collection
   * @return {@code <statusCollection>_background}
   */
  public static String backgroundCollection(String statusCollection) {
    return statusCollection + "_background";
  }

  /**
   * The collection holding the records of the migrations' schema steps, beside the status
   * collection.
   *
   * @param statusCollection the status collection
   * @return {@code <statusCollection>_steps}
   */
  public static String stepCollection(String statusCollection) {
    return statusCollection + "_steps";
  }

  /**
   * The collection holding a record of each running instance, beside the status collection.
   *
   * @param statusCollection the status collection
   * @return {@code <statusCollection>_instances}
   */
  public static String instanceCollection(String statusCollection) {
    return statusCollection + "_instances";
  }

  static void requireCollectionName(String setting, String description, String name) {
    if (name == null || name.isBlank() || !COLLECTION_NAME.matcher(name).matches()) {
      throw new InvalidSettingException(
          setting,
          description,
          name,
          "must be a valid MongoDB collection name (not blank, no '$', not starting with"
              + " 'system.')");
    }
  }

  /**
   * The defaults: {@code lms_migrations}, 500 log lines, {@link LockSettings#defaults()}, {@link
   * TransactionMode#AUTO}.
   *
   * @return the default settings
   */
  public static MigrationSettings defaults() {
    return new MigrationSettings(
        DEFAULT_COLLECTION, DEFAULT_LOG_LIMIT, LockSettings.defaults(), TransactionMode.AUTO);
  }

  /**
   * Settings that do not wait for required background migrations.
   *
   * @param collection the collection holding one status document per migration
   * @param logLimit how many log lines are kept per migration
   * @param lock how instances share the work
   * @param transactionMode whether migrations run in transactions
   */
  public MigrationSettings(
      String collection, int logLimit, LockSettings lock, TransactionMode transactionMode) {
    this(collection, logLimit, lock, transactionMode, Duration.ZERO);
  }

  /**
   * A copy with another status collection.
   *
   * @param collection the collection
   * @return the new settings
   */
  public MigrationSettings withCollection(String collection) {
    return new MigrationSettings(collection, logLimit, lock, transactionMode, requiredWaitTime);
  }

  /**
   * A copy with another log limit.
   *
   * @param logLimit lines kept per migration
   * @return the new settings
   */
  public MigrationSettings withLogLimit(int logLimit) {
    return new MigrationSettings(collection, logLimit, lock, transactionMode, requiredWaitTime);
  }

  /**
   * A copy with other lock settings.
   *
   * @param lock the lock settings
   * @return the new settings
   */
  public MigrationSettings withLock(LockSettings lock) {
    return new MigrationSettings(collection, logLimit, lock, transactionMode, requiredWaitTime);
  }

  /**
   * A copy with another transaction mode.
   *
   * @param transactionMode the mode
   * @return the new settings
   */
  public MigrationSettings withTransactionMode(TransactionMode transactionMode) {
    return new MigrationSettings(collection, logLimit, lock, transactionMode, requiredWaitTime);
  }

  /**
   * A copy with another wait for required background migrations.
   *
   * @param requiredWaitTime how long a migration waits for the background migrations it requires
   * @return the new settings
   */
  public MigrationSettings withRequiredWaitTime(Duration requiredWaitTime) {
    return new MigrationSettings(collection, logLimit, lock, transactionMode, requiredWaitTime);
  }
}
