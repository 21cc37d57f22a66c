package com.lms.migrations.cli;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.background.BackgroundMigration;
import java.util.List;

/**
 * The arguments of a command ({@code --lms.migrations.name}, {@code version}, {@code
 * max-per-second}), each checked without reading the database, with a usage error that says what is
 * missing or wrong.
 */
final class CommandArguments {

  private final MigrationCommandProperties properties;
  private final MigrationRunner runner;

  /**
   * The arguments.
   *
   * @param properties the command and its arguments
   * @param runner the runner whose registered migrations a name is checked against
   */
  CommandArguments(MigrationCommandProperties properties, MigrationRunner runner) {
    this.properties = properties;
    this.runner = runner;
  }

  /**
   * The command's properties, for the arguments of one command ({@code create}, {@code verify}).
   */
  MigrationCommandProperties properties() {
    return properties;
  }

  /** Whether {@code --lms.migrations.version} is set. */
  boolean hasVersion() {
    return properties.getVersion() != null;
  }

  String requireName() {
    String name = properties.getName();
    if (name == null || name.isBlank()) {
      throw new CommandUsageException(
          "Command '" + properties.getCommand() + "' needs --lms.migrations.name=<migration>");
    }
    return name;
  }

  int requireVersion() {
    String version = properties.getVersion();
    if (version == null || version.isBlank()) {
      throw new CommandUsageException(
          "Command '" + properties.getCommand() + "' needs --lms.migrations.version=<n>");
    }
    try {
      int value = Integer.parseInt(version.trim());
      if (value < 0) {
        throw new CommandUsageException("Version must be 0 or more but was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new CommandUsageException("Version must be a whole number but was '" + version + "'");
    }
  }

  /** The name of a background migration; an unknown name is left to the runner to refuse. */
  String requireBackgroundName() {
    String name = requireName();
    List<Migration> migrations = runner.getMigrations();
    boolean regular =
        migrations.stream()
            .anyMatch(
                migration ->
                    migration.name().equals(name) && !(migration instanceof BackgroundMigration));
    if (regular) {
      List<String> background =
          migrations.stream()
              .filter(BackgroundMigration.class::isInstance)
              .map(Migration::name)
              .toList();
      throw new CommandUsageException(
          "Migration '"
              + name
              + "' is not a background migration; only background migrations can be paused,"
              + " resumed or throttled ("
              + (background.isEmpty() ? "this application has none" : String.join(", ", background))
              + ")");
    }
    return name;
  }

  /** The database (or tenant) {@code compare} compares this one's history with. */
  String requireCompareDatabase() {
    String database = properties.getCompare().getDatabase();
    if (database == null || database.isBlank()) {
      throw new CommandUsageException(
          "Command 'compare' needs --lms.migrations.compare.database=<database>: the database (or"
              + " with tenants, the tenant) whose history to compare with");
    }
    return database.trim();
  }

  long requireMaxPerSecond() {
    String value = properties.getMaxPerSecond();
    if (value == null || value.isBlank()) {
      throw new CommandUsageException(
          "Command 'throttle' needs --lms.migrations.max-per-second=<n>: the most documents per"
              + " second, or 0 to go back to the migration's own limit");
    }
    try {
      long maxPerSecond = Long.parseLong(value.trim());
      if (maxPerSecond < 0) {
        throw new CommandUsageException("Max per second must be 0 or more but was " + maxPerSecond);
      }
      return maxPerSecond;
    } catch (NumberFormatException e) {
      throw new CommandUsageException(
          "Max per second must be a whole number but was '" + value + "'");
    }
  }
}
