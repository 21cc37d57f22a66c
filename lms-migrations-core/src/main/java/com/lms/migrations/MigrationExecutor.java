package com.lms.migrations;

import com.lms.migrations.MigrationLock.Lease;
import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Runs one migration in one direction while holding the lock: marks it running, runs it (in a
 * transaction when possible, together with its completion record), and records the outcome.
 *
 * <p>Once a migration is marked running, every way out records its outcome or says that it could
 * not: exceptions and {@link Error}s from the migration, an interrupt flag it left set, and a
 * database that went away all end in a {@link MigrationFailedException} naming the migration.
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
  private final SchemaStepStore steps;

  MigrationExecutor(
      MigrationStore store,
      MigrationLogStore logs,
      MongoTemplate userTemplate,
      MongoDatabase directDatabase,
      MigrationTransactions transactions,
      RunnerIdentity me,
      Clock clock,
      MigrationListeners listeners,
      BatchCheckpointStore checkpoints,
      SchemaStepStore steps) {
    this.store = store;
    this.logs = logs;
    this.userTemplate = userTemplate;
    this.directDatabase = directDatabase;
    this.transactions = transactions;
    this.me = me;
    this.clock = clock;
    this.listeners = listeners;
    this.checkpoints = checkpoints;
    this.steps = steps;
  }

  /**
   * Runs the migration. The thread's interrupt flag, if the migration (or anything before it) set
   * it, is set again when this returns or throws.
   *
   * @param planned its state when the run was planned, {@code null} when it had no record
   * @throws MigrationFailedException when it fails (recorded as FAILED first, if the database can
   *     be reached), or when its outcome could not be recorded (the database went away, or the lock
   *     was lost)
   * @throws MigrationLeaseLostException when the lock was lost, or its recorded state changed,
   *     before it started
   * @throws MigrationRecordException when it could not be marked as running
   */
  MigrationExecution run(
      Migration migration,
      Direction direction,
      StoredMigration planned,
      Lease lease,
      @Nullable String principal) {
    return run(migration, direction, planned, lease, principal, runId -> RunControl.NONE);
  }

  /**
   * Like {@link #run(Migration, Direction, StoredMigration, Lease, String)}, with controls that may
   * stop the run between batches: it is then recorded as PENDING with its checkpoints kept, and the
   * returned execution says PENDING.
   *
   * @param controls the controls of the run with a given id
   */
  MigrationExecution run(
      Migration migration,
      Direction direction,
      StoredMigration planned,
      Lease lease,
      @Nullable String principal,
      Function<String, RunControl> controls) {
    return run(migration, direction, planned, lease, principal, controls, null, null).execution();
  }

  /**
   * Runs one migration of a run that goes on to {@code next}: its running mark may go with this
   * migration's outcome, in one write (see {@link MigrationStore#finishThenMark}).
   *
   * @param premarked this migration's mark, as sent with the outcome of the one before it; {@code
   *     null} when it is still to be marked
   * @param next the migration the run applies after this one, {@code null} when none (or when its
   *     mark must wait: it is a background migration, or requires another)
   * @return what ran, and what became of the next migration's mark when it was sent
   */
  Ran run(
      Migration migration,
      Direction direction,
      StoredMigration planned,
      Lease lease,
      @Nullable String principal,
      @Nullable NextMark premarked,
      @Nullable Next next) {
    return run(
        migration, direction, planned, lease, principal, runId -> RunControl.NONE, premarked, next);
  }

  private Ran run(
      Migration migration,
      Direction direction,
      StoredMigration planned,
      Lease lease,
      @Nullable String principal,
      Function<String, RunControl> controls,
      @Nullable NextMark premarked,
      @Nullable Next next) {
    InterruptFlag interrupt = new InterruptFlag().clear();
    try {
      return runMarked(
          migration, direction, planned, lease, principal, interrupt, controls, premarked, next);
    } finally {
      interrupt.restore();
    }
  }

  /** The migration a run applies next, and its state as the run read it. */
  record Next(Migration migration, @Nullable StoredMigration planned) {}

  /** What ran, and what became of the next migration's mark, {@code null} when it was not sent. */
  record Ran(MigrationExecution execution, @Nullable NextMark next) {}

  private Ran runMarked(
      Migration migration,
      Direction direction,
      StoredMigration planned,
      Lease lease,
      @Nullable String principal,
      InterruptFlag interrupt,
      Function<String, RunControl> controls,
      @Nullable NextMark premarked,
      @Nullable Next next) {
    String name = migration.name();
    boolean inTransaction = transactions.use(migration);
    RunningMark mark;
    if (premarked == null) {
      lease.ensureRecentlyHeld("before running migration '" + name + "'");
      mark = markFor(migration, direction, planned);
      boolean marked;
      try {
        marked = store.markRunning(mark);
      } catch (RuntimeException e) {
        throw new MigrationRecordException(name, "mark as running", e);
      }
      if (!marked) {
        throw stateChanged(name);
      }
    } else {
      // Marked with the outcome of the migration before it, after the lease was checked.
      mark = premarked.mark();
      if (!mark.migration().name().equals(name) || mark.direction() != direction) {
        throw new IllegalStateException(
            "Marked '" + mark.migration().name() + "' ahead, not '" + name + "'");
      }
      if (premarked.error() != null) {
        throw new MigrationRecordException(name, "mark as running", premarked.error());
      }
      if (!premarked.marked()) {
        throw stateChanged(name);
      }
    }
    Instant startedAt = mark.since();
    String runId = mark.runId();
    listeners.started(migration, direction);
    log.debug("{} migration '{}' (version {})", verb(direction), name, migration.version());
    // A failed run (in either direction) may have left checkpoints that a success must clear.
    boolean staleCheckpoints =
        planned != null && (planned.state() == MigrationState.FAILED || planned.isSuspended());
    Run run =
        new Run(
            migration,
            direction,
            lease,
            principal,
            startedAt,
            runId,
            interrupt,
            staleCheckpoints,
            controls.apply(runId),
            planned != null && planned.isRollbackable(),
            next);
    Throwable failure = run.attempt(inTransaction);
    if (failure instanceof MigrationSuspendedException suspended) {
      return new Ran(recordSuspension(run, suspended), null);
    }
    if (failure != null && inTransaction && MongoErrors.isNotAllowedInTransaction(failure)) {
      log.info(
          "Migration '{}' does something MongoDB does not allow in a transaction ({}); running it"
              + " again without one. Return false from transactional() to skip the attempt",
          name,
          MigrationFailedException.describe(failure));
      failure = run.attempt(false);
    }
    if (failure instanceof RecordingFailure recording && recordedAfterAll(run, recording)) {
      failure = null;
    }
    if (failure != null) {
      throw recordFailure(run, failure);
    }
    MigrationExecution execution = run.toReport(run.success, null);
    log.debug(
        "{} migration '{}' in {}",
        done(direction),
        name,
        DurationText.of(Duration.ofMillis(run.durationMs)));
    listeners.finished(execution);
    return new Ran(execution, run.nextMark);
  }

  /**
   * The running mark of a migration about to run: a run that stopped between batches carries on
   * under its id.
   */
  private RunningMark markFor(
      Migration migration, Direction direction, @Nullable StoredMigration planned) {
    String runId =
        planned != null && planned.resumableIn(direction)
            ? planned.runId()
            : new ObjectId().toHexString();
    // Stored as a BSON date, so keep what the database keeps: milliseconds.
    Instant since = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return new RunningMark(migration, direction, planned, runId, me, since);
  }

  private static MigrationLeaseLostException stateChanged(String name) {
    return new MigrationLeaseLostException(
        "before running migration '"
            + name
            + "' (its recorded state changed since it was read: another instance is running or"
            + " ran it)");
  }

  /** One run of a migration: one or two attempts (the second without a transaction). */
  private final class Run {

    private final Migration migration;
    private final Direction direction;
    private final Lease lease;
    private final @Nullable String principal;
    private final Instant startedAt;
    private final String runId;
    private final InterruptFlag interrupt;
    private final boolean staleCheckpoints;
    private final RunControl control;
    private final boolean wasApplied;
    private final MigrationState success;
    private final @Nullable Next next;
    private @Nullable RunningMark sentMark;
    private @Nullable NextMark nextMark;
    private List<String> stepsTaken = List.of();
    private long start = System.nanoTime();
    private long durationMs;
    private boolean codeFinished;

    Run(
        Migration migration,
        Direction direction,
        Lease lease,
        @Nullable String principal,
        Instant startedAt,
        String runId,
        InterruptFlag interrupt,
        boolean staleCheckpoints,
        RunControl control,
        boolean wasApplied,
        @Nullable Next next) {
      this.migration = migration;
      this.direction = direction;
      this.lease = lease;
      this.principal = principal;
      this.startedAt = startedAt;
      this.runId = runId;
      this.interrupt = interrupt;
      this.staleCheckpoints = staleCheckpoints;
      this.control = control;
      this.wasApplied = wasApplied;
      this.next = next;
      this.success = direction == Direction.UP ? MigrationState.COMPLETED : MigrationState.PENDING;
    }

    /**
     * Runs the migration's code with a fresh context (so a retry's batch jobs find the checkpoints
     * of the attempt before) and records its success.
     *
     * @return what the migration threw, or what recording its success threw; {@code null} when it
     *     succeeded and that is recorded
     * @throws MigrationLeaseLostException when the lock was lost after the code succeeded
     */
    Throwable attempt(boolean inTransaction) {
      RunningMigrationContext context = newContext(inTransaction);
      start = System.nanoTime();
      codeFinished = false;
      try {
        transactions.run(
            inTransaction,
            () -> {
              Throwable thrown = MigrationCode.run(migration, direction, context, wasApplied);
              stepsTaken = context.stepsTaken();
              interrupt.clear();
              durationMs = elapsedMillis(start);
              if (control.suspension() != null) {
                // Stopped between batches on purpose, even if the migration caught it.
                throw new MigrationCodeFailure(control.suspension());
              }
              if (thrown != null) {
                throw new MigrationCodeFailure(thrown); // rolls the transaction back
              }
              codeFinished = true;
              // A lease confirmed less than a heartbeat ago is trusted: the completion record is
              // fenced on this run's running mark, which a new holder clears before anything else.
              lease.ensureRecentlyHeld(
                  "after running migration '" + migration.name() + "', before recording it");
              if (context.usedCheckpoints() || staleCheckpoints) {
                // Before recording success: a crash in between then only costs a fresh start.
                clearCheckpoints(migration.name());
              }
              if (!record(inTransaction)) {
                throw new MigrationLeaseLostException(
                    "after running migration '"
                        + migration.name()
                        + "' (another instance took it over)");
              }
            });
        return null;
      } catch (MigrationCodeFailure e) {
        return e.getCause();
      } catch (MigrationLeaseLostException e) {
        // The code succeeded, but another instance may have taken over: record nothing more.
        return new RecordingFailure(e, codeFinished, true);
      } catch (Throwable e) {
        // Recording failed, or the transaction did not commit: the migration's outcome is unknown.
        interrupt.clear();
        return new RecordingFailure(e, codeFinished, false);
      }
    }

    /**
     * Records the success, with the next migration's running mark in the same write when there is
     * one that may be marked now. Not inside a transaction: the mark must not be rolled back with
     * it, nor a refused mark roll the migration's changes back. Not when the thread was
     * interrupted: the run stops before the next migration.
     *
     * @return {@code false} when another instance took the migration over (nothing was written)
     */
    private boolean record(boolean inTransaction) {
      Execution record = toRecord(success, null);
      if (next == null || inTransaction || interrupt.wasSet()) {
        return store.finish(migration, record, inTransaction);
      }
      RunningMark mark = markFor(next.migration(), direction, next.planned());
      if (!mark.canBeSent()) {
        return store.finish(migration, record, false);
      }
      sentMark = mark;
      nextMark = store.finishThenMark(migration, record, mark);
      return nextMark != null;
    }

    private RunningMigrationContext newContext(boolean inTransaction) {
      return new RunningMigrationContext(
          userTemplate,
          new StoringMigrationLogger(
              LoggerFactory.getLogger(migration.getClass()), logs, migration.name(), clock),
          migration.name(),
          runId,
          directDatabase,
          checkpoints,
          steps,
          me,
          lease::isLost,
          control,
          inTransaction);
    }

    /** What the status document records. */
    Execution toRecord(MigrationState outcome, String error) {
      return new Execution(direction, outcome, startedAt, durationMs, error, me, principal, runId)
          .withSteps(stepsTaken);
    }

    /** What the status document records when the run was stopped between batches. */
    Execution toSuspension(String reason) {
      return new Execution(
          direction,
          MigrationState.PENDING,
          startedAt,
          durationMs,
          reason,
          me,
          principal,
          "SUSPENDED",
          runId,
          stepsTaken);
    }

    /** What listeners and callers are told. */
    MigrationExecution toReport(MigrationState outcome, Throwable failure) {
      return new MigrationExecution(
          migration.name(),
          migration.version(),
          direction,
          outcome,
          startedAt,
          Duration.ofMillis(durationMs),
          failure);
    }
  }

  /**
   * Whether a success that MongoDB reported as failed to record (a commit whose result is unknown,
   * say) is recorded after all: this run's outcome, with its running mark gone.
   */
  private boolean recordedAfterAll(Run run, RecordingFailure recording) {
    if (!recording.codeFinished || recording.lockLost) {
      return false;
    }
    try {
      return store
          .find(run.migration.name())
          .filter(now -> now.state() == run.success && now.running() == null)
          .filter(now -> run.runId.equals(now.runId()))
          .map(
              now -> {
                log.warn(
                    "Migration '{}': MongoDB reported an error while recording its outcome ({}),"
                        + " but the outcome is recorded; continuing",
                    run.migration.name(),
                    MigrationFailedException.describe(recording.getCause()));
                run.nextMark = run.sentMark == null ? null : confirm(run.sentMark);
                return true;
              })
          .orElse(false);
    } catch (RuntimeException e) {
      recording.getCause().addSuppressed(e);
      return false;
    }
  }

  /**
   * Whether a running mark whose write MongoDB reported as failed was written after all: {@code
   * null} when the record is still as planned (the run marks it again), refused when it changed.
   */
  private @Nullable NextMark confirm(RunningMark sent) {
    StoredMigration now = store.find(sent.migration().name()).orElse(null);
    if (now != null
        && now.state() == MigrationState.RUNNING
        && now.running() != null
        && sent.runId().equals(now.running().runId())) {
      return NextMark.marked(sent);
    }
    StoredMigration planned = sent.planned();
    boolean unchanged =
        planned == null ? now == null : now != null && now.state() == planned.state();
    return unchanged ? null : NextMark.refused(sent);
  }

  /**
   * Records a failure: FAILED with the error first (the fact that matters), then the stack trace in
   * the migration's logs. When the database cannot be reached or the lock was lost, nothing more is
   * recorded and the exception says so.
   */
  private MigrationFailedException recordFailure(Run run, Throwable failure) {
    Migration migration = run.migration;
    String name = migration.name();
    if (failure instanceof RecordingFailure recording) {
      Throwable cause = recording.getCause();
      log.error(
          "Migration '{}' (version {}): its outcome could not be recorded",
          name,
          migration.version(),
          cause);
      MigrationExecution execution =
          run.toReport(MigrationState.RUNNING, recording.codeFinished ? null : cause);
      listeners.finished(execution);
      return new MigrationFailedException(execution, cause, recording.lockLost);
    }
    log.error(
        "Migration '{}' (version {}) failed while {}",
        name,
        migration.version(),
        MigrationFailedException.verb(run.direction),
        failure);
    String error = BoundedText.cap(MigrationFailedException.describe(failure));
    try {
      run.lease.ensureHeld("after migration '" + name + "' failed, before recording the failure");
      if (!store.finish(migration, run.toRecord(MigrationState.FAILED, error), false)) {
        throw new MigrationLeaseLostException(
            "after migration '" + name + "' failed (another instance took it over)");
      }
    } catch (RuntimeException recordingFailed) {
      MigrationExecution execution = run.toReport(MigrationState.RUNNING, failure);
      listeners.finished(execution);
      return new MigrationFailedException(
          execution, recordingFailed, recordingFailed instanceof MigrationLeaseLostException);
    }
    appendErrorLine(name, run.direction, failure);
    MigrationExecution execution = run.toReport(MigrationState.FAILED, failure);
    listeners.finished(execution);
    return new MigrationFailedException(execution);
  }

  /**
   * Records a run stopped between batches as PENDING, keeping its run id and checkpoints so that
   * the next run carries on from them.
   */
  private MigrationExecution recordSuspension(Run run, MigrationSuspendedException suspended) {
    String name = run.migration.name();
    try {
      run.lease.ensureHeld("after migration '" + name + "' stopped, before recording it");
      if (!store.finish(run.migration, run.toSuspension(suspended.getMessage()), false)) {
        throw new MigrationLeaseLostException(
            "after migration '" + name + "' stopped (another instance took it over)");
      }
    } catch (RuntimeException recordingFailed) {
      MigrationExecution execution = run.toReport(MigrationState.RUNNING, recordingFailed);
      listeners.finished(execution);
      throw new MigrationFailedException(
          execution, recordingFailed, recordingFailed instanceof MigrationLeaseLostException);
    }
    log.info("Migration '{}': {}", name, suspended.getMessage());
    MigrationExecution execution = run.toReport(MigrationState.PENDING, null);
    listeners.finished(execution);
    return execution;
  }

  private void appendErrorLine(String name, Direction direction, Throwable failure) {
    String line =
        "Failed while "
            + MigrationFailedException.verb(direction)
            + ": "
            + BoundedText.stackTrace(failure);
    try {
      logs.append(name, new MigrationLogEntry(clock.instant(), "ERROR", line));
    } catch (RuntimeException e) {
      log.warn("Could not store the error of migration '{}' in its logs: {}", name, e.toString());
    }
  }

  private void clearCheckpoints(String name) {
    try {
      checkpoints.clearAll(name);
    } catch (RuntimeException e) {
      // Harmless: they belong to this run, and no later run resumes from them.
      log.warn("Could not clear the batch checkpoints of migration '{}': {}", name, e.toString());
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

  /** Carries what a migration threw through the transaction callback, so it rolls back. */
  private static final class MigrationCodeFailure extends RuntimeException {
    MigrationCodeFailure(Throwable cause) {
      super(cause);
    }
  }

  /** Recording an outcome failed; the cause is why. */
  private static final class RecordingFailure extends RuntimeException {
    private final boolean codeFinished;
    private final boolean lockLost;

    RecordingFailure(Throwable cause, boolean codeFinished, boolean lockLost) {
      super(cause);
      this.codeFinished = codeFinished;
      this.lockLost = lockLost;
    }
  }
}
