package com.lms.migrations;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of a runner. A listener that throws, even an {@link Error}, is logged and skipped:
 * notifications must never change what is recorded about a migration.
 */
final class MigrationListeners {

  private static final Logger log = LoggerFactory.getLogger(MigrationListeners.class);

  private final List<MigrationListener> listeners = new CopyOnWriteArrayList<>();

  void add(MigrationListener listener) {
    listeners.add(listener);
  }

  List<MigrationListener> all() {
    return List.copyOf(listeners);
  }

  void started(Migration migration, Direction direction) {
    notifyEach("migrationStarted", listener -> listener.migrationStarted(migration, direction));
  }

  void finished(MigrationExecution execution) {
    notifyEach("migrationFinished", listener -> listener.migrationFinished(execution));
  }

  void runFinished(MigrationRunSummary summary) {
    notifyEach("runFinished", listener -> listener.runFinished(summary));
  }

  private void notifyEach(String event, Consumer<MigrationListener> call) {
    for (MigrationListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (Throwable e) { // an Error too: it must not leave a migration marked as running
        log.warn("Migration listener {} failed in {}; ignored", listener, event, e);
      }
    }
  }
}
