package com.lms.migrations;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;

/** Sends a migration's log lines to SLF4J and to the log store. */
final class StoringMigrationLogger implements MigrationLogger {

  private final Logger logger;
  private final MigrationLogStore store;
  private final String migrationName;
  private final Clock clock;

  StoringMigrationLogger(
      Logger logger, MigrationLogStore store, String migrationName, Clock clock) {
    this.logger = logger;
    this.store = store;
    this.migrationName = migrationName;
    this.clock = clock;
  }

  @Override
  public void info(String message, Object... arguments) {
    log(Level.INFO, message, arguments);
  }

  @Override
  public void warn(String message, Object... arguments) {
    log(Level.WARN, message, arguments);
  }

  @Override
  public void error(String message, Object... arguments) {
    log(Level.ERROR, message, arguments);
  }

  private void log(Level level, String message, Object[] arguments) {
    logger.atLevel(level).log(message, arguments);
    FormattingTuple formatted = MessageFormatter.arrayFormat(message, arguments);
    String text = String.valueOf(formatted.getMessage());
    if (formatted.getThrowable() != null) {
      text += " - " + MigrationFailedException.describe(formatted.getThrowable());
    }
    store.append(migrationName, new MigrationLogEntry(clock.instant(), level.name(), text));
  }
}
