package com.lms.migrations;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.background.BackgroundProgress;
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
  private final EngineBackgroundMigrations background;
  private final Duration wait;

  RequiredMigrations(
      MigrationRegistry registry,
      MigrationStore store,
      EngineBackgroundMigrations background,
      Duration wait) {
    this.registry = registry;
    this.store = store;
    this.background = background;
    this.wait = wait;
  }

  /**
   * Before a run takes the lock: waits until every migration in {@code toRun} may run, up to the
   * first one whose required background migration cannot finish before this run applies the regular
   * migrations below it (a background migration waits for those): that one is waited for when the
   * run reaches it ({@link #awaitBefore}).
   *
   * @param toRun what the run would apply, lowest version first
   * @param stored the state as read
   * @return the state as last read (read again only when it had to wait)
   * @throws RequiredMigrationNotFinishedException when the wait runs out; nothing was run
   */
  Map<String, StoredMigration> await(List<Migration> toRun, Map<String, StoredMigration> stored) {
    return await(toRun.subList(0, firstWaitingForThisRun(toRun, stored)), stored, true);
  }

  /**
   * While the run holds the lock, right before it applies {@code next}: waits until it may run.
   *
   * @param ranBefore whether this run applied migrations before it
   * @return the state as last read
   * @throws RequiredMigrationNotFinishedException when the wait runs out
   */
  Map<String, StoredMigration> awaitBefore(
      Migration next, Map<String, StoredMigration> stored, boolean ranBefore) {
    return await(List.of(next), stored, !ranBefore);
  }

  private Map<String, StoredMigration> await(
      List<Migration> toRun, Map<String, StoredMigration> stored, boolean nothingRun) {
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
        throw unmet.get().refusal(waited.isZero() ? Duration.ZERO : wait, nothingRun);
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

  /**
   * The index of the first migration requiring a background migration that regular migrations of
   * this run, below it, hold back; the size of the list when there is none.
   */
  private int firstWaitingForThisRun(List<Migration> toRun, Map<String, StoredMigration> stored) {
    for (int i = 0; i < toRun.size(); i++) {
      for (String required : toRun.get(i).requires()) {
        StoredMigration state = stored.get(required);
        boolean unmet = state == null || state.state() != MigrationState.COMPLETED;
        Optional<Migration> background = registry.find(required);
        if (unmet
            && background.isPresent()
            && toRun.stream()
                .anyMatch(
                    earlier ->
                        !(earlier instanceof BackgroundMigration)
                            && earlier.version() < background.get().version())) {
          return i;
        }
      }
    }
    return toRun.size();
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

    RequiredMigrationNotFinishedException refusal(Duration waited, boolean nothingRun) {
      @Nullable BackgroundProgress progress =
          registry.isBackground(required) ? background.progress(required) : null;
      return new RequiredMigrationNotFinishedException(
          migration, required, progress, waited, nothingRun);
    }
  }
}
