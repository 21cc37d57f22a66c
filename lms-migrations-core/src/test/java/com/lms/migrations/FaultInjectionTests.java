package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TcpProxy;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * What is recorded when things go wrong for real: interrupts and {@link Error}s inside a migration,
 * listeners that throw, and the connection to MongoDB cut in the middle of a migration. After each:
 * the status documents, the lock and the side effects are exactly what the README says.
 */
@ExtendWith(MongoDatabaseExtension.class)
class FaultInjectionTests {

  private TestDatabase db;
  private MigrationRunner runner;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
  }

  @AfterEach
  void clearInterruptFlag() {
    Thread.interrupted();
  }

  @Test
  void aMigrationThatInterruptsItsThreadAndThrowsIsRecordedAsFailedAndTheLockIsReleased() {
    runner.register(
        TestMigration.of(
            "give_up",
            1,
            ctx -> {
              countRun(ctx.mongoTemplate(), "give_up");
              Thread.currentThread().interrupt();
              throw new IllegalStateException("gave up after an interrupt");
            },
            ctx -> {}));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageStartingWith(
            "Migration 'give_up' (version 1) failed while applying: IllegalStateException: gave up"
                + " after an interrupt. It is recorded as FAILED")
        .hasCauseInstanceOf(IllegalStateException.class);

    assertThat(Thread.interrupted()).as("the interrupt is given back to the caller").isTrue();
    MigrationStatus status = runner.getStatus("give_up").orElseThrow();
    assertThat(status.status()).isEqualTo(MigrationState.FAILED);
    assertThat(status.error()).isEqualTo("IllegalStateException: gave up after an interrupt");
    assertThat(lockDocument()).isNull();
    assertThat(timesRun("give_up")).isEqualTo(1);
  }

  @Test
  void aMigrationThatLeavesItsThreadInterruptedIsRecordedAndNoLaterMigrationStarts() {
    List<MigrationRunSummary> summaries = new java.util.concurrent.CopyOnWriteArrayList<>();
    runner =
        MigrationRunner.builder(db.template())
            .listener(
                new MigrationListener() {
                  @Override
                  public void runFinished(MigrationRunSummary summary) {
                    summaries.add(summary);
                  }
                })
            .build();
    runner.register(
        TestMigration.of(
            "first",
            1,
            ctx -> {
              countRun(ctx.mongoTemplate(), "first");
              Thread.currentThread().interrupt();
            },
            ctx -> {}));
    runner.register(TestMigration.recording("second", 2));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(CancellationException.class)
        .hasMessage(
            "Interrupted after 1 migration; did not start migration 'second' or any after it");

    assertThat(Thread.interrupted()).isTrue();
    assertThat(runner.getStatus("first").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);
    assertThat(runner.getStatus("second").orElseThrow().status()).isEqualTo(MigrationState.PENDING);
    assertThat(lockDocument()).isNull();
    assertThat(timesRun("first")).isEqualTo(1);
    assertThat(db.database().getCollection("effects").countDocuments()).isZero();
    assertThat(summaries)
        .singleElement()
        .satisfies(
            summary -> {
              assertThat(summary.failure()).isInstanceOf(CancellationException.class);
              assertThat(summary.completed())
                  .extracting(MigrationExecution::name)
                  .containsExactly("first");
              assertThat(summary.currentVersion()).isEqualTo(1);
              assertThat(summary.pending()).isEqualTo(1);
            });
  }

  @Test
  void upByNameOfAMigrationThatLeavesItsThreadInterruptedAnswersItsRecordedStatus() {
    runner.register(
        TestMigration.of(
            "sets_flag",
            1,
            ctx -> {
              countRun(ctx.mongoTemplate(), "sets_flag");
              Thread.currentThread().interrupt();
            },
            ctx -> {}));

    MigrationStatus status = runner.up("sets_flag");

    assertThat(Thread.interrupted()).isTrue();
    assertThat(status.status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(lockDocument()).isNull();
    assertThat(timesRun("sets_flag")).isEqualTo(1);
  }

  @Test
  void aMigrationWhoseLockIsTakenOverWhileItRunsIsReportedAsNotRecorded() {
    List<MigrationExecution> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
    runner =
        MigrationRunner.builder(db.template())
            .listener(
                new MigrationListener() {
                  @Override
                  public void migrationFinished(MigrationExecution execution) {
                    finished.add(execution);
                  }
                })
            .build();
    runner.register(
        TestMigration.of(
            "overtaken",
            1,
            ctx -> {
              countRun(ctx.mongoTemplate(), "overtaken");
              // Another instance takes the lock over (as after a pause past the lease) and records
              // the run it finds as interrupted.
              db.database()
                  .getCollection("lms_migrations_lock")
                  .updateOne(Filters.eq("_id", "migrations"), Updates.set("owner", "other"));
              db.database()
                  .getCollection("lms_migrations")
                  .updateOne(
                      Filters.eq("_id", "overtaken"),
                      Updates.combine(Updates.set("status", "FAILED"), Updates.unset("running")));
            },
            ctx -> {}));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageStartingWith(
            "Migration 'overtaken' (version 1) finished applying, but its outcome could not be"
                + " recorded: this instance lost the migration lock")
        .hasMessageContaining("Another instance owns the migration now")
        .satisfies(e -> assertThat(((MigrationFailedException) e).isOutcomeRecorded()).isFalse())
        .hasCauseInstanceOf(MigrationLeaseLostException.class);

    assertThat(finished)
        .singleElement()
        .satisfies(
            execution -> {
              assertThat(execution.outcome()).isEqualTo(MigrationState.RUNNING);
              assertThat(execution.succeeded()).isFalse();
            });
    assertThat(runner.getStatus("overtaken").orElseThrow().status())
        .as("what the new holder recorded, not overwritten")
        .isEqualTo(MigrationState.FAILED);
    assertThat(timesRun("overtaken")).isEqualTo(1);
    assertThat(lockDocument().getString("owner"))
        .as("the new owner's lock is left alone")
        .isEqualTo("other");
  }

  @Test
  void aMigrationLeftRunningByADeadProcessCanBeRolledBack() {
    runner.register(
        TestMigration.of(
            "crashed", 1, ctx -> {}, ctx -> countRun(ctx.mongoTemplate(), "crashed_down")));
    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "crashed")
                .append("version", 1)
                .append("description", "")
                .append("status", "RUNNING")
                .append(
                    "running",
                    new Document("owner", "dead")
                        .append("host", "pod-9")
                        .append("pid", 99L)
                        .append("since", new java.util.Date())
                        .append("direction", "UP")
                        .append("run", "r1")));

    assertThat(runner.down("crashed").status()).isEqualTo(MigrationState.PENDING);

    assertThat(runner.getHistory("crashed"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("INTERRUPTED", MigrationState.FAILED),
            org.assertj.core.groups.Tuple.tuple("DOWN", MigrationState.PENDING));
    assertThat(timesRun("crashed_down")).isEqualTo(1);
  }

  @Test
  void anInterruptedRollbackSaysWhatHappensNext() {
    runner.register(TestMigration.recording("half_rolled_back", 1));
    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "half_rolled_back")
                .append("version", 1)
                .append("description", "")
                .append("status", "RUNNING")
                .append(
                    "running",
                    new Document("owner", "dead")
                        .append("host", "pod-9")
                        .append("pid", 99L)
                        .append("since", new java.util.Date())
                        .append("direction", "DOWN")
                        .append("run", "r1")));

    assertThat(runner.upAll())
        .extracting(MigrationStatus::status)
        .containsExactly(MigrationState.COMPLETED);

    MigrationHistoryEntry interrupted = runner.getHistory("half_rolled_back").get(0);
    assertThat(interrupted.action()).isEqualTo("INTERRUPTED");
    assertThat(interrupted.error())
        .startsWith("Interrupted: rolling back started at")
        .endsWith("upAll applies it again; or finish the rollback with down.");
    assertThat(db.database().getCollection("effects").countDocuments()).isEqualTo(1);
    assertThat(lockDocument()).isNull();
  }

  @Test
  void aBatchJobInterruptedWhileThrottledIsRecordedAsFailedAndResumesWhereItStopped()
      throws Exception {
    List<Document> items = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      items.add(new Document("_id", i));
    }
    db.database().getCollection("items").insertMany(items);
    AtomicBoolean throttled = new AtomicBoolean(true);
    runner.register(
        TestMigration.of(
                "mark_items",
                1,
                ctx ->
                    ctx.batch("items")
                        .batchSize(10)
                        .throttle(throttled.get() ? 1 : 0)
                        .run(
                            item ->
                                List.of(
                                    new UpdateOneModel<>(
                                        Filters.eq("_id", item.get("_id")),
                                        Updates.inc("times", 1)))),
                ctx -> {})
            .nonTransactional());
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Thread> worker = new AtomicReference<>();
      Future<List<MigrationStatus>> run =
          thread.submit(
              () -> {
                worker.set(Thread.currentThread());
                return runner.upAll();
              });
      Poll.until(
          "the first batch to be checkpointed",
          Duration.ofSeconds(10),
          () -> db.database().getCollection("lms_migrations_checkpoints").countDocuments() == 1);
      worker.get().interrupt();

      assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining(
              "Migration 'mark_items' (version 1) failed while applying: CancellationException:"
                  + " Interrupted while throttling a batch job")
          .hasCauseInstanceOf(CancellationException.class);
    } finally {
      thread.shutdownNow();
    }
    assertThat(runner.getStatus("mark_items").orElseThrow().status())
        .isEqualTo(MigrationState.FAILED);
    assertThat(lockDocument()).isNull();
    assertThat(db.database().getCollection("items").countDocuments(Filters.eq("times", 1)))
        .isEqualTo(10);

    throttled.set(false);
    runner.upAll();

    assertThat(db.database().getCollection("items").countDocuments(Filters.eq("times", 1)))
        .isEqualTo(50);
    assertThat(runner.getLogs("mark_items"))
        .extracting(MigrationLogEntry::message)
        .contains("mark_items/items: resuming after _id 9 (10 documents already processed)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"StackOverflowError", "OutOfMemoryError", "AssertionError"})
  void anErrorThrownByAMigrationIsRecordedAsFailedNamingTheMigration(String kind) {
    AtomicBoolean broken = new AtomicBoolean(true);
    runner.register(
        TestMigration.of(
            "fragile",
            1,
            ctx -> {
              countRun(ctx.mongoTemplate(), "fragile");
              if (broken.get()) {
                throw error(kind).get();
              }
            },
            ctx -> {}));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageStartingWith("Migration 'fragile' (version 1) failed while applying: ")
        .hasMessageContaining(kind)
        .cause()
        .isInstanceOf(Error.class);

    MigrationStatus failed = runner.getStatus("fragile").orElseThrow();
    assertThat(failed.status()).isEqualTo(MigrationState.FAILED);
    assertThat(failed.error()).contains(kind);
    assertThat(lockDocument()).isNull();

    broken.set(false);
    runner.upAll();

    // Recorded as a failure of its own, not as a process that died.
    assertThat(runner.getHistory("fragile"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UP", MigrationState.FAILED),
            org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED));
    assertThat(timesRun("fragile")).isEqualTo(2);
  }

  @Test
  void listenersThatThrowErrorsChangeNothingAboutTheRun() {
    runner =
        MigrationRunner.builder(db.template())
            .listener(
                new MigrationListener() {
                  @Override
                  public void migrationStarted(Migration migration, Direction direction) {
                    throw new AssertionError("listener broke on start");
                  }

                  @Override
                  public void migrationFinished(MigrationExecution execution) {
                    throw new StackOverflowError("listener broke on finish");
                  }

                  @Override
                  public void runFinished(MigrationRunSummary summary) {
                    throw new OutOfMemoryError("listener broke at the end");
                  }
                })
            .build();
    runner.register(TestMigration.recording("add_tags", 1));

    assertThat(runner.upAll())
        .extracting(MigrationStatus::status)
        .containsExactly(MigrationState.COMPLETED);
    assertThat(lockDocument()).isNull();
    assertThat(db.database().getCollection("effects").countDocuments()).isEqualTo(1);
  }

  @Test
  void whenTheConnectionIsCutMidMigrationTheCallerLearnsWhichMigrationAndTheNextRunRecoversIt()
      throws Exception {
    ConnectionString server = new ConnectionString(TestMongo.serverUri());
    int serverPort = Integer.parseInt(server.getHosts().get(0).replaceAll(".*:", ""));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (TcpProxy proxy = TcpProxy.to(serverPort);
        MongoClient client = proxiedClient(proxy)) {
      MongoTemplate template = new MongoTemplate(client, db.name());
      MigrationRunner cutOff =
          new MigrationRunner(
              template,
              MigrationSettings.defaults()
                  .withLock(
                      LockSettings.defaults()
                          .withLeaseTime(Duration.ofSeconds(2))
                          .withWaitTime(Duration.ofSeconds(10))
                          .withPollInterval(Duration.ofMillis(50))));
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch cut = new CountDownLatch(1);
      AtomicBoolean cutting = new AtomicBoolean(true);
      cutOff.register(
          TestMigration.of(
                  "copy_courses",
                  1,
                  ctx -> {
                    countRun(ctx.mongoTemplate(), "copy_courses");
                    if (cutting.get()) {
                      started.countDown();
                      assertThat(cut.await(10, TimeUnit.SECONDS)).isTrue();
                      ctx.mongoTemplate().insert(new Document("_id", "after-cut"), "effects");
                    }
                  },
                  ctx -> {})
              .nonTransactional());

      Future<List<MigrationStatus>> run = thread.submit(cutOff::upAll);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      proxy.cut();
      cut.countDown();

      Throwable thrown =
          org.assertj.core.api.Assertions.catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
      assertThat(thrown).isInstanceOf(ExecutionException.class);
      MigrationFailedException failure = (MigrationFailedException) thrown.getCause();
      assertThat(failure.getMigrationName()).isEqualTo("copy_courses");
      assertThat(failure.isOutcomeRecorded()).isFalse();
      assertThat(failure.getMessage())
          .startsWith("Migration 'copy_courses' (version 1) failed while applying: ")
          .contains("but its outcome could not be recorded")
          .contains("It stays marked RUNNING unless MongoDB applied the record after all");
      assertThat(failure.getCause())
          .as("the migration's own error")
          .isInstanceOf(DataAccessResourceFailureException.class);
      assertThat(failure.getSuppressed()).as("why recording failed").isNotEmpty();

      Document status =
          db.database()
              .getCollection("lms_migrations")
              .find(Filters.eq("_id", "copy_courses"))
              .first();
      assertThat(status.getString("status")).isEqualTo("RUNNING");
      assertThat(timesRun("copy_courses")).isEqualTo(1);
      assertThat(db.database().getCollection("effects").countDocuments()).isZero();

      proxy.restore();
      cutting.set(false);
      // The same instance still owns its lock, so it goes ahead without waiting for the lease.
      assertThat(cutOff.upAll())
          .extracting(MigrationStatus::status)
          .containsExactly(MigrationState.COMPLETED);
      assertThat(cutOff.getHistory("copy_courses"))
          .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("INTERRUPTED", MigrationState.FAILED),
              org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED));
    } finally {
      thread.shutdownNow();
    }
    assertThat(timesRun("copy_courses")).as("the re-run, visible in the history").isEqualTo(2);
    assertThat(lockDocument()).isNull();
  }

  @Test
  void whenTheServerRestartsMidMigrationItsFilesSayRunningAndTheNextRunRecoversIt(@TempDir Path dir)
      throws Exception {
    String file = dir.resolve("mongo.mv").toString();
    MongoServer server = new MongoServer(new H2Backend(file));
    server.bind("127.0.0.1", 0);
    int port = server.getLocalAddress().getPort();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (MongoClient client = shortTimeoutClient(port)) {
      MigrationRunner restarted =
          new MigrationRunner(
              new MongoTemplate(client, "lms"),
              MigrationSettings.defaults()
                  .withLock(LockSettings.defaults().withLeaseTime(Duration.ofSeconds(2))));
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      AtomicBoolean stopping = new AtomicBoolean(true);
      restarted.register(
          TestMigration.of(
                  "rename_field",
                  1,
                  ctx -> {
                    countRun(ctx.mongoTemplate(), "rename_field");
                    if (stopping.get()) {
                      started.countDown();
                      assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
                      countRun(ctx.mongoTemplate(), "rename_field");
                    }
                  },
                  ctx -> {})
              .nonTransactional());

      Future<List<MigrationStatus>> run = thread.submit(restarted::upAll);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      server.shutdownNow();
      stopped.countDown();
      Throwable thrown =
          org.assertj.core.api.Assertions.catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
      assertThat(thrown.getCause())
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("Migration 'rename_field' (version 1) failed while applying")
          .hasMessageContaining("its outcome could not be recorded");

      server = new MongoServer(new H2Backend(file));
      server.bind("127.0.0.1", port);
      com.mongodb.client.MongoDatabase lms = client.getDatabase("lms");
      assertThat(lms.getCollection("lms_migrations").find().first().getString("status"))
          .isEqualTo("RUNNING");
      assertThat(lms.getCollection("counters").find().first().getInteger("runs")).isEqualTo(1);

      stopping.set(false);
      assertThat(restarted.upAll())
          .extracting(MigrationStatus::status)
          .containsExactly(MigrationState.COMPLETED);
      assertThat(restarted.getHistory("rename_field"))
          .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::outcome)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("INTERRUPTED", MigrationState.FAILED),
              org.assertj.core.groups.Tuple.tuple("UP", MigrationState.COMPLETED));
      assertThat(lms.getCollection("counters").find().first().getInteger("runs")).isEqualTo(2);
      assertThat(lms.getCollection("lms_migrations_lock").countDocuments()).isZero();
    } finally {
      thread.shutdownNow();
      server.shutdownNow();
    }
  }

  private static MongoClient shortTimeoutClient(int port) {
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(
                new ConnectionString("mongodb://127.0.0.1:" + port + "/?directConnection=true"))
            .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(1, TimeUnit.SECONDS))
            .applyToSocketSettings(socket -> socket.connectTimeout(1, TimeUnit.SECONDS))
            .build());
  }

  private static MongoClient proxiedClient(TcpProxy proxy) {
    return shortTimeoutClient(proxy.port());
  }

  private static Supplier<Error> error(String kind) {
    return switch (kind) {
      case "StackOverflowError" -> FaultInjectionTests::overflow;
      case "OutOfMemoryError" -> () -> new OutOfMemoryError("simulated: Java heap space");
      default -> () -> new AssertionError("expected 3 courses but found 2");
    };
  }

  private static Error overflow() {
    try {
      return recurse(0);
    } catch (StackOverflowError e) {
      return e;
    }
  }

  private static Error recurse(int depth) {
    return recurse(depth + 1);
  }

  private static void countRun(MongoTemplate template, String name) {
    template.upsert(query(where("_id").is(name)), new Update().inc("runs", 1), "counters");
  }

  private int timesRun(String name) {
    Document counter =
        db.database().getCollection("counters").find(Filters.eq("_id", name)).first();
    return counter == null ? 0 : counter.getInteger("runs");
  }

  private Document lockDocument() {
    return db.database().getCollection("lms_migrations_lock").find().first();
  }
}
