package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.MigrationLock.Lease;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.Together;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.query.Query;

@ExtendWith(MongoDatabaseExtension.class)
class MigrationLockTests {

  private static final String LOCKS = LockSettings.DEFAULT_COLLECTION;

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
  }

  @Test
  void aLiveLockIsNeverTakenByAnotherRunner() {
    MigrationLock first = lock(Clock.systemUTC(), LockSettings.defaults());
    MigrationLock second = lock(Clock.systemUTC(), LockSettings.defaults());

    try (Lease held = first.tryAcquire().orElseThrow()) {
      assertThat(second.tryAcquire()).isEmpty();
      assertThat(second.holder()).hasValueSatisfying(h -> assertThat(h.pid()).isPositive());
    }
    assertThat(second.tryAcquire()).isPresent();
  }

  @Test
  void aLiveLockIsNotTakenByAnInstanceWhoseClockIsTenMinutesAhead() {
    MigrationLock honest = lock(Clock.systemUTC(), LockSettings.defaults());
    MigrationLock ahead =
        lock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), LockSettings.defaults());

    try (Lease held = honest.tryAcquire().orElseThrow()) {
      assertThat(ahead.tryAcquire()).isEmpty();
    }
  }

  @Test
  void aStaleLockIsTakenOverEvenByAnInstanceWhoseClockIsTenMinutesBehind() {
    insertLock(
        "dead-owner",
        "crashed-host",
        Instant.now().minusSeconds(60),
        Instant.now().minusSeconds(1));
    MigrationLock behind =
        lock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)), LockSettings.defaults());

    try (Lease taken = behind.tryAcquire().orElseThrow()) {
      Document lock = lockDocument();
      assertThat(lock.getString("owner")).isNotEqualTo("dead-owner");
      assertThat(lock.getDate("expiresAt")).isAfter(new Date());
    }
  }

  @Test
  void closingALeaseThatWasTakenOverLeavesTheNewHoldersLockAlone() {
    MigrationLock first = lock(Clock.systemUTC(), LockSettings.defaults());
    Lease lease = first.tryAcquire().orElseThrow();
    db.template().remove(new Query(), LOCKS);
    insertLock("new-owner", "other-host", Instant.now(), Instant.now().plusSeconds(30));

    lease.close();

    assertThat(lockDocument().getString("owner")).isEqualTo("new-owner");
  }

  @Test
  void theHeartbeatKeepsALeaseAliveLongerThanItsLeaseTime() {
    // Renewed every second: long enough that a loaded machine never lets it lapse mid-test.
    LockSettings shortLease = LockSettings.defaults().withLeaseTime(Duration.ofSeconds(3));
    MigrationLock holder = lock(Clock.systemUTC(), shortLease);
    MigrationLock other = lock(Clock.systemUTC(), shortLease);

    try (Lease lease = holder.tryAcquire().orElseThrow()) {
      Date firstExpiry = lockDocument().getDate("expiresAt");
      Poll.until(
          "the heartbeat to renew the lease",
          Duration.ofSeconds(10),
          () -> lockDocument().getDate("expiresAt").after(firstExpiry));
      assertThat(other.tryAcquire()).isEmpty();
      assertThat(lease.isLost()).isFalse();
    }
  }

  @Test
  void waitingRunsOutWithAMessageNamingTheHolder() {
    Instant since = Instant.parse("2026-01-02T03:04:05Z");
    Instant expires = Instant.now().plusSeconds(120);
    insertLock("owner-42", "pod-7", since, expires);
    MigrationRunner runner = runner(Duration.ofMillis(300), Duration.ofSeconds(30));
    runner.register(TestMigration.recording("add_tags", 1));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationLockTimeoutException.class)
        .hasMessageContaining("Could not obtain the migration lock within 300ms")
        .hasMessageContaining("owner owner-42 on host pod-7 (pid 4242)")
        .hasMessageContaining("since 2026-01-02T03:04:05Z")
        .hasMessageContaining(
            "expiring at " + expires.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        .satisfies(
            e ->
                assertThat(((MigrationLockTimeoutException) e).getHolder().host())
                    .isEqualTo("pod-7"));
    assertThat(runner.getStatus("add_tags").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(count("effects")).isZero();
  }

  @Test
  void nothingPendingMeansNoLockAndNoWrite() {
    MigrationRunner first = new MigrationRunner(db.template());
    first.register(TestMigration.recording("add_tags", 1));
    first.upAll();
    List<Document> before = db.template().findAll(Document.class, "lms_migrations");

    MigrationRunner restarted =
        new MigrationRunner(
            db.newTemplate(),
            MigrationSettings.defaults()
                .withLock(LockSettings.defaults().withCollection("unused_lock")));
    restarted.register(TestMigration.recording("add_tags", 1));

    assertThat(restarted.upAll()).isEmpty();
    assertThat(db.database().listCollectionNames()).doesNotContain("unused_lock");
    assertThat(db.template().findAll(Document.class, "lms_migrations")).isEqualTo(before);
  }

  @Test
  void aRunnerThatWaitedFindsNothingLeftToDoAndSucceeds() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MigrationRunner first = new MigrationRunner(db.template());
    first.register(
        TestMigration.of(
            "slow",
            1,
            ctx -> {
              release.await();
              ctx.mongoTemplate().insert(new Document("_id", "slow"), "effects");
            },
            ctx -> {}));
    MigrationRunner second = runner(Duration.ofSeconds(60), Duration.ofSeconds(30));
    second.register(TestMigration.recording("slow", 1));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<List<MigrationStatus>> firstRun = pool.submit(first::upAll);
      Poll.until(
          "the first runner to start the migration",
          Duration.ofSeconds(10),
          () -> first.getStatus("slow").orElseThrow().status() == MigrationState.RUNNING);
      Thread[] waiter = new Thread[1];
      Future<List<MigrationStatus>> secondRun =
          pool.submit(
              () -> {
                waiter[0] = Thread.currentThread();
                return second.upAll();
              });
      Poll.until(
          "the second runner to wait for the lock",
          Duration.ofSeconds(10),
          () -> waiter[0] != null && waiter[0].getState() == Thread.State.TIMED_WAITING);
      release.countDown();

      assertThat(firstRun.get(30, TimeUnit.SECONDS)).hasSize(1);
      assertThat(secondRun.get(30, TimeUnit.SECONDS)).isEmpty();
    } finally {
      pool.shutdownNow();
    }
    assertThat(count("effects")).isEqualTo(1);
  }

  @Test
  void aHolderThatLostItsLeaseStopsWithoutRecordingOverTheNewHoldersWork() {
    MigrationRunner paused = new MigrationRunner(db.template());
    paused.register(
        TestMigration.of(
            "long_backfill",
            1,
            ctx -> {
              // While this instance was paused, its lease expired and another instance took over:
              // it took the lock and recorded the run it found as interrupted.
              ctx.mongoTemplate().remove(new Query(), LOCKS);
              insertLock("usurper", "pod-9", Instant.now(), Instant.now().plusSeconds(30));
              db.database()
                  .getCollection("lms_migrations")
                  .updateOne(
                      com.mongodb.client.model.Filters.eq("_id", "long_backfill"),
                      com.mongodb.client.model.Updates.combine(
                          com.mongodb.client.model.Updates.set("status", "FAILED"),
                          com.mongodb.client.model.Updates.unset("running")));
            },
            ctx -> {}));

    assertThatThrownBy(paused::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining(
            "but its outcome could not be recorded: this instance lost the migration lock")
        .cause()
        .isInstanceOf(MigrationLeaseLostException.class)
        .hasMessageContaining(
            "Lost the migration lock after running migration 'long_backfill' (another instance"
                + " took it over)")
        .hasMessageContaining("raise the lease time (LockSettings.leaseTime)");
    assertThat(paused.getStatus("long_backfill").orElseThrow().status())
        .as("what the new holder recorded, not overwritten")
        .isEqualTo(MigrationState.FAILED);
    assertThat(paused.getHistory("long_backfill")).isEmpty();
    assertThat(lockDocument().getString("owner")).isEqualTo("usurper");

    db.template().remove(new Query(), LOCKS);
    MigrationRunner next = new MigrationRunner(db.newTemplate());
    next.register(TestMigration.recording("long_backfill", 1));
    next.upAll();

    assertThat(next.getStatus("long_backfill").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void eightRunnersInThreadsApplyEachOfTwentyMigrationsExactlyOnce() throws Exception {
    List<MigrationRunner> runners = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      MigrationRunner runner = runner(Duration.ofSeconds(120), Duration.ofSeconds(30));
      MigrationWorker.countingMigrations().forEach(runner::register);
      runners.add(runner);
    }

    int applied = Together.upAll(runners, Duration.ofSeconds(120));

    assertThat(applied).isEqualTo(MigrationWorker.COUNTING_MIGRATIONS);
    assertEachCountedOnce();
  }

  private void assertEachCountedOnce() {
    List<Document> counters = db.template().findAll(Document.class, "counters");
    assertThat(counters).hasSize(MigrationWorker.COUNTING_MIGRATIONS);
    assertThat(counters)
        .allSatisfy(counter -> assertThat(counter.getInteger("applied")).isEqualTo(1));
  }

  @Test
  void aWaitingInstanceWaitsATenthOfItsWaitSoFarBetweenTenMillisecondsAndThePollInterval() {
    MigrationLock lock =
        lock(Clock.systemUTC(), LockSettings.defaults().withPollInterval(Duration.ofSeconds(1)));

    assertThat(lock.nextPoll(0)).isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(lock.nextPoll(Duration.ofMillis(50).toNanos()))
        .isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(lock.nextPoll(Duration.ofMillis(400).toNanos()))
        .isEqualTo(Duration.ofMillis(40).toNanos());
    assertThat(lock.nextPoll(Duration.ofMinutes(2).toNanos()))
        .isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void aWaitingInstanceChecksAgainSoonSoAHolderThatFinishesQuicklyHandsOverAtOnce()
      throws Exception {
    insertLock("other-instance", "pod-2", Instant.now(), Instant.now().plusSeconds(120));
    java.util.concurrent.atomic.AtomicInteger refused =
        new java.util.concurrent.atomic.AtomicInteger();
    try (com.mongodb.client.MongoClient client =
        com.mongodb.client.MongoClients.create(
            com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(
                    new com.mongodb.ConnectionString(
                        com.lms.migrations.testing.TestMongo.serverUri()))
                .addCommandListener(
                    new com.mongodb.event.CommandListener() {
                      @Override
                      public void commandSucceeded(com.mongodb.event.CommandSucceededEvent event) {
                        // The taking upsert collides with the holder's lock document.
                        if (event.getCommandName().equals("update")
                            && event.getResponse().containsKey("writeErrors")) {
                          refused.incrementAndGet();
                        }
                      }
                    })
                .build())) {
      // A poll interval far longer than the test may take: only the short first waits can pass.
      MigrationRunner waiting =
          new MigrationRunner(
              new org.springframework.data.mongodb.core.MongoTemplate(client, db.name()),
              MigrationSettings.defaults()
                  .withLock(
                      LockSettings.defaults()
                          .withWaitTime(Duration.ofMinutes(5))
                          .withPollInterval(Duration.ofMinutes(5))));
      waiting.register(TestMigration.recording("add_tags", 1));
      ExecutorService thread = Executors.newSingleThreadExecutor();
      try {
        Future<List<MigrationStatus>> run = thread.submit(waiting::upAll);
        Poll.until("the lock to be refused once", Duration.ofSeconds(10), () -> refused.get() > 0);
        db.template().remove(new Query(), LOCKS); // the holder releases it

        assertThat(run.get(30, TimeUnit.SECONDS))
            .extracting(MigrationStatus::status)
            .containsExactly(MigrationState.COMPLETED);
      } finally {
        thread.shutdownNow();
      }
    }
  }

  @Test
  void aHandEditedLockIsNeitherTakenOverNorRemovedAndSaysHowToRemoveIt() {
    Document edited =
        new Document("_id", MigrationLock.LOCK_ID)
            .append("owner", "ops")
            .append("host", "laptop")
            .append("pid", 1L)
            .append("lockedAt", new Date())
            .append("expiresAt", "tomorrow");
    db.database().getCollection(LOCKS).insertOne(edited);
    MigrationRunner blocked = runner(Duration.ofSeconds(2), Duration.ofSeconds(30));
    blocked.register(TestMigration.recording("add_tags", 1));

    String expected =
        "The migration lock 'migrations' in collection 'lms_migrations_lock' has a field"
            + " 'expiresAt' holding String tomorrow where lms-migrations writes a date, so who holds"
            + " it cannot be read; it was neither taken over nor removed, and lms-migrations stopped"
            + " there without running anything more. Was it edited by hand? Once no instance is"
            + " running migrations, remove it (db.lms_migrations_lock.deleteOne({_id:"
            + " 'migrations'})) and run again.";
    assertThatThrownBy(blocked::upAll)
        .isInstanceOf(UnreadableMigrationLockException.class)
        .hasMessage(expected);
    assertThatThrownBy(blocked::info)
        .isInstanceOf(UnreadableMigrationLockException.class)
        .hasMessage(expected);

    assertThat(db.database().getCollection(LOCKS).find().into(new ArrayList<>()))
        .containsExactly(edited);
    assertThat(db.database().getCollection("effects").countDocuments()).isZero();
    assertThat(db.database().getCollection("lms_migrations").countDocuments()).isZero();

    db.database().getCollection(LOCKS).deleteOne(new Document("_id", MigrationLock.LOCK_ID));
    assertThat(blocked.upAll())
        .extracting(MigrationStatus::status)
        .containsExactly(MigrationState.COMPLETED);
  }

  @Test
  void anExpiredLockWithABrokenFieldIsFreeAndTakenOver() {
    db.database()
        .getCollection(LOCKS)
        .insertOne(
            new Document("_id", MigrationLock.LOCK_ID)
                .append("owner", 7)
                .append("expiresAt", Date.from(Instant.now().minusSeconds(60))));
    MigrationRunner next = runner(Duration.ofSeconds(2), Duration.ofSeconds(30));
    next.register(TestMigration.recording("add_tags", 1));

    assertThat(next.info().lock()).isEmpty();
    assertThat(next.upAll())
        .extracting(MigrationStatus::status)
        .containsExactly(MigrationState.COMPLETED);
    assertThat(db.database().getCollection("effects").countDocuments()).isEqualTo(1);
    assertThat(db.database().getCollection(LOCKS).countDocuments()).isZero();
  }

  private MigrationRunner runner(Duration waitTime, Duration leaseTime) {
    return new MigrationRunner(
        db.newTemplate(),
        MigrationSettings.defaults()
            .withLock(
                LockSettings.defaults()
                    .withWaitTime(waitTime)
                    .withLeaseTime(leaseTime)
                    .withPollInterval(Duration.ofMillis(50))));
  }

  private MigrationLock lock(Clock clock, LockSettings settings) {
    LibraryCollections collections =
        new LibraryCollections(db.newTemplate().getDb(), settings.leaseTime());
    return new MigrationLock(
        collections, settings, RunnerIdentity.ofThisProcess(), new ServerInfo(collections, clock));
  }

  private void insertLock(String owner, String host, Instant since, Instant expires) {
    db.template()
        .insert(
            new Document("_id", MigrationLock.LOCK_ID)
                .append("owner", owner)
                .append("host", host)
                .append("pid", 4242L)
                .append("lockedAt", Date.from(since))
                .append("expiresAt", Date.from(expires)),
            LOCKS);
  }

  private Document lockDocument() {
    return db.template()
        .findOne(query(where("_id").is(MigrationLock.LOCK_ID)), Document.class, LOCKS);
  }

  private long count(String collection) {
    return db.template().count(new Query(), collection);
  }
}
