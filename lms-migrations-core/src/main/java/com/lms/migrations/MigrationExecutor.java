package com.lms.migrations;

import com.lms.migrations.MigrationLock.Lease;
import com.lms.migrations.MigrationStore.Execution;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Runs one migration in one direction while holding the lock: marks it running, runs it (in a
 * transaction when possible, together with its completion record), and records the outcome.
 */
final class MigrationExecutor {

  private static final Logger log = LoggerFactory.getLogger(MigrationExecutor.class);

  private final MigrationStore store;
  private final MigrationLogStore logs;
  private final MongoTemplate userTemplate;
  private final MongoDatabase directDatabase;
  private final MigrationTransactions transactions;
  private final RunnerIdentity me;
  private final Clock clock;
  private final MigrationListeners listeners;
  private final BatchCheckpointStore checkpoints;

  MigrationExecutor(
      MigrationStore store,
      MigrationLogStore logs,
      MongoTemplate userTemplate,
      MongoDatabase directDatabase,
      MigrationTransactions transactions,
      RunnerIdentity me,
      Clock clock,
      MigrationListeners listeners,
      BatchCheckpointStore checkpoints) {
    this.store = store;
    this.logs = logs;
    this.userTemplate = userTemplate;
    this.directDatabase = directDatabase;
    this.transactions = transactions;
    this.me = me;
    this.clock = clock;
    this.listeners = listeners;
    this.checkpoints = checkpoints;
  }

  /**
   * Runs the migration.
   *
   * @throws MigrationFailedException when it throws (recorded as FAILED first)
   * @throws MigrationLeaseLostException when the lock was lost (nothing more recorded)
   */
  MigrationExecution run(Migration migration, Direction direction, Lease lease, String principal) {
    String name = migration.name();
    boolean inTransaction = transactions.use(migration);
    lease.ensureRecentlyHeld("before running migration '" + name + "'");
    // Stored as a BSON date, so keep what the database keeps: milliseconds.
    Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (!store.markRunning(migration, direction, me, startedAt)) {
      throw new MigrationLeaseLostException(
          "before running migration '" + name + "' (another instance has it marked as running)");
    }
    listeners.started(migration, direction);
    log.debug("{} migration '{}' (version {})", verb(direction), name, migration.version());
    Attempt attempt = new Attempt(migration, direction, lease, principal, startedAt);
    Throwable failure = attempt.run(inTransaction);
    if (failure != null && inTransaction && MongoErrors.isNotAllowedInTransaction(failure)) {
      log.info(
          "Migration '{}' does something MongoDB does not allow in a transaction ({}); running it"
              + " again without one. Return false from transactional() to skip the attempt",
          name,
          MigrationFailedException.describe(failure));
      failure = attempt.run(false);
    }
    if (failure != null) {
      throw recordFailure(
          migration, direction, lease, principal, startedAt, attempt.start, failure);
    }
    if (attempt.context.usedCheckpoints()) {
      checkpoints.clearAll(name);
    }
    MigrationExecution execution =
        new MigrationExecution(
            name,
            migration.version(),
            direction,
            attempt.success,
            startedAt,
            Duration.ofMillis(attempt.durationMs),
            null);
    log.debug("{} migration '{}' in {} ms", done(direction), name, attempt.durationMs);
    listeners.finished(execution);
    return execution;
  }

  /** One try at running a migration and recording its success, with or without a transaction. */
  private final class Attempt {

    private final Migration migration;
    private final Direction direction;
    private final Lease lease;
    private final String principal;
    private final Instant startedAt;
    private final MigrationState success;
    private final RunningMigrationContext context;
    private final long start = System.nanoTime();
    private long durationMs;

    Attempt(
        Migration migration,
        Direction direction,
        Lease lease,
        String principal,
        Instant startedAt) {
      this.migration = migration;
      this.direction = direction;
      this.lease = lease;
      this.principal = principal;
      this.startedAt = startedAt;
      this.success = direction == Direction.UP ? MigrationState.COMPLETED : MigrationState.PENDING;
      this.context =
          new RunningMigrationContext(
              userTemplate,
              new StoringMigrationLogger(
                  LoggerFactory.getLogger(migration.getClass()), logs, migration.name(), clock),
              migration.name(),
              direction,
              directDatabase,
              checkpoints,
              me);
    }

    /** Runs it; returns what it threw, or {@code null} when it succeeded and was recorded. */
    Throwable run(boolean inTransaction) {
      String name = migration.name();
      try {
        transactions.run(
            inTransaction,
            () -> {
              invoke(migration, direction, context);
              durationMs = elapsedMillis(start);
              lease.ensureHeld("after running migration '" + name + "', before recording it");
              Execution done =
                  new Execution(direction, success, startedAt, durationMs, null, me, principal);
              if (!store.finish(migration, done, inTransaction)) {
                throw new MigrationLeaseLostException(
                    "after running migration '" + name + "' (another instance took it over)");
              }
            });
        return null;
      } catch (MigrationLeaseLostException | VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        return e instanceof MigrationCodeFailure wrapper ? wrapper.getCause() : e;
      }
    }
  }

  private MigrationFailedException recordFailure(
      Migration migration,
      Direction direction,
      Lease lease,
      String principal,
      Instant startedAt,
      long start,
      Throwable failure) {
    String name = migration.name();
    long durationMs = elapsedMillis(start);
    String error = MigrationFailedException.describe(failure);
    try {
      logs.append(name, new MigrationLogEntry(clock.instant(), "ERROR", error));
      lease.ensureHeld("after migration '" + name + "' failed, before recording the failure");
      Execution failed =
          new Execution(
              direction, MigrationState.FAILED, startedAt, durationMs, error, me, principal);
      if (!store.finish(migration, failed, false)) {
        throw new MigrationLeaseLostException(
            "after migration '" + name + "' failed (another instance took it over)");
      }
    } catch (RuntimeException recordingFailed) {
      // The migration's own failure is what the user needs to see first.
      recordingFailed.addSuppressed(failure);
      throw recordingFailed;
    }
    MigrationExecution execution =
        new MigrationExecution(
            name,
            migration.version(),
            direction,
            MigrationState.FAILED,
            startedAt,
            Duration.ofMillis(durationMs),
            failure);
    listeners.finished(execution);
    return new MigrationFailedException(execution);
  }

  private static void invoke(Migration migration, Direction direction, MigrationContext context) {
    try {
      if (direction == Direction.UP) {
        migration.up(context);
      } else {
        migration.down(context);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new MigrationCodeFailure(e);
    }
  }

  private static long elapsedMillis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  private static String verb(Direction direction) {
    return direction == Direction.UP ? "Applying" : "Rolling back";
  }

  private static String done(Direction direction) {
    return direction == Direction.UP ? "Applied" : "Rolled back";
  }

  /** Carries a checked exception from a migration through the transaction callback. */
  private static final class MigrationCodeFailure extends RuntimeException {
    MigrationCodeFailure(Exception cause) {
      super(cause);
    }
  }
}
