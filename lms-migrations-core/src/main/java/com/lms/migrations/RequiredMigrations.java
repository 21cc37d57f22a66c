package com.lms.migrations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a run back until the background migrations that its migrations {@linkplain
 * Migration#requires() require} have completed, up to a wait, polling their status.
 */
final class RequiredMigrations {

  private static final Logger log = LoggerFactory.getLogger(RequiredMigrations.class);

  private static final Duration POLL = Duration.ofSeconds(1);

  private final MigrationRegistry registry;
  private final MigrationStore store;
  private final BackgroundMigrations background;
  private final Duration wait;

  RequiredMigrations(
      MigrationRegistry registry,
      MigrationStore store,
      BackgroundMigrations background,
      Duration wait) {
    this.registry = registry;
    this.store = store;
    this.background = background;
    this.wait = wait;
  }

  /**
   * Waits until every migration in {@code toRun} may run.
   *
   * @param stored the state as read
   * @return the state as last read (read again only when it had to wait)
   * @throws RequiredMigrationNotFinishedException when the wait runs out
   */
  Map<String, StoredMigration> await(List<Migration> toRun, Map<String, StoredMigration> stored) {
    long start = System.nanoTime();
    boolean announced = false;
    Map<String, StoredMigration> current = stored;
    while (true) {
      Optional<Unmet> unmet = firstUnmet(toRun, current);
      if (unmet.isEmpty()) {
        return current;
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (waited.compareTo(wait) >= 0) {
        throw unmet.get().refusal(waited.isZero() ? Duration.ZERO : wait);
      }
      if (!announced) {
        log.info(
            "Migration '{}' waits up to {} for background migration '{}'",
            unmet.get().migration().name(),
            DurationText.of(wait),
            unmet.get().required());
        announced = true;
      }
      pause(Math.min(POLL.toNanos(), wait.minus(waited).toNanos()));
      current = store.findAll();
    }
  }

  /** Refuses, without waiting, to run a migration whose requirements are not met. */
  void check(Migration migration, Map<String, StoredMigration> stored) {
    firstUnmet(List.of(migration), stored)
        .ifPresent(
            unmet -> {
              throw unmet.refusal(Duration.ZERO);
            });
  }

  private Optional<Unmet> firstUnmet(List<Migration> toRun, Map<String, StoredMigration> stored) {
    for (Migration migration : toRun) {
      for (String required : migration.requires()) {
        StoredMigration state = stored.get(required);
        if (state == null || state.state() != MigrationState.COMPLETED) {
          return Optional.of(new Unmet(migration, required));
        }
      }
    }
    return Optional.empty();
  }

  private static void pause(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("Interrupted while waiting for a background migration");
    }
  }

  /** A migration and a background migration it requires that has not completed. */
  private final class Unmet {
    private final Migration migration;
    private final String required;

    Unmet(Migration migration, String required) {
      this.migration = migration;
      this.required = required;
    }

    Migration migration() {
      return migration;
    }

    String required() {
      return required;
    }

    RequiredMigrationNotFinishedException refusal(Duration waited) {
      @Nullable BackgroundProgress progress =
          registry.isBackground(required) ? background.progress(required) : null;
      return new RequiredMigrationNotFinishedException(migration, required, progress, waited);
    }
  }
}
