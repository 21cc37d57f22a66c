package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.drift.EditedMigration;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.Poll;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** Every command, run in-process with its arguments, checking output and exit code. */
@ExtendWith({MongoDatabaseExtension.class, OutputCaptureExtension.class})
class MigrationCommandTests {

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
  }

  @Test
  void statusPrintsATableWithoutStartingTheWebServerOrMigrating(CapturedOutput output) {
    int code =
        run(
            "--lms.migrations.command=status",
            context -> assertThat(context).isNotInstanceOf(WebServerApplicationContext.class));

    assertThat(code).isZero();
    assertThat(output.getOut())
        .contains("VERSION  NAME          STATUS   EXECUTED AT  TIME  ERROR")
        .contains("      1  seed_courses  pending  -               -")
        .contains("Current version: 0, pending: 2");
    assertThat(db.database().listCollectionNames()).doesNotContain("courses");
  }

  @Test
  void aCommandCreatesOnlyWhatItNeedsUnlessLazyInitializationIsTurnedOff() {
    CommandTestApplication.catalogsCreated.set(0);

    assertThat(run("--lms.migrations.command=status")).isZero();
    assertThat(CommandTestApplication.catalogsCreated).as("lazily, so not at all").hasValue(0);

    assertThat(run("--lms.migrations.command=status", "--spring.main.lazy-initialization=false"))
        .isZero();
    assertThat(CommandTestApplication.catalogsCreated).as("eagerly, as asked").hasValue(1);
  }

  @Test
  void anInProcessCommandGivesStdoutBackWhenItIsDone() {
    java.io.PrintStream before = System.out;

    assertThat(run("--lms.migrations.command=status")).isZero();

    assertThat(System.out).isSameAs(before);
  }

  @Test
  void statusShowsMigrationsAppliedByANewerBuild(CapturedOutput output) {
    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "newer_feature")
                .append("version", 9)
                .append("description", "")
                .append("status", "COMPLETED")
                .append("executedAt", new Date()));

    assertThat(run("--lms.migrations.command=status")).isZero();

    assertThat(output.getOut())
        .contains(
            "Applied by a newer build, unknown to this one: newer_feature (version 9, COMPLETED)")
        .contains("Current version: 9 (complete up to version 0), pending: 2");
  }

  @Test
  void migrateAppliesAndPrintsWhatChanged(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate")).isZero();

    assertThat(output.getOut())
        .containsPattern("      1  seed_courses  completed  \\S+Z\\s+\\d+ ms")
        .contains("Applied 2 migrations. Current version: 2, pending: 0");
    assertThat(run("--lms.migrations.command=migrate")).isZero();
    assertThat(output.getOut()).contains("Nothing to do. Current version: 2, pending: 0");
  }

  @Test
  void aFailingMigrateNamesTheMigrationAndLogsItsStackTraceOnce(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate", "--test.up-fails=true")).isEqualTo(1);

    assertThat(output.getErr())
        .contains(
            "Error: Migration 'rename_title' (version 2) failed while applying:"
                + " IllegalStateException: course c1 has no title");
    assertThat(
            output
                    .toString()
                    .split("java.lang.IllegalStateException: course c1 has no title\\R\\s+at ", -1)
                    .length
                - 1)
        .isEqualTo(1);
    assertThat(output.getOut()).doesNotContain("IllegalStateException");
  }

  @Test
  void migrateHonoursDryRunAndTargetVersionLikeStartup(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate", "--lms.migrations.dry-run=true")).isZero();
    assertThat(output.getOut())
        .isEqualTo(
            "Dry run: would apply, in this order:\n"
                + "  up v1 seed_courses\n"
                + "  up v2 rename_title\n"
                + "Would apply 2 migrations; nothing was changed. Current version: 0, pending: 2\n");
    assertThat(db.database().listCollectionNames()).doesNotContain("courses", "lms_migrations");

    assertThat(run("--lms.migrations.command=migrate", "--lms.migrations.target-version=1"))
        .isZero();
    assertThat(output.getOut()).contains("Applied 1 migration. Current version: 1, pending: 1");
  }

  @Test
  void rollbackRollsBackTheNamedMigration(CapturedOutput output) {
    run("--lms.migrations.command=migrate");

    assertThat(run("--lms.migrations.command=rollback", "--lms.migrations.name=rename_title"))
        .isZero();

    assertThat(output.getOut()).contains("2  rename_title  pending").contains("Current version: 1");
  }

  @Test
  void rollbackBelowAnAppliedMigrationNamesTheMigrationsThatStayAbove(CapturedOutput output) {
    run("--lms.migrations.command=migrate");

    assertThat(run("--lms.migrations.command=rollback", "--lms.migrations.name=seed_courses"))
        .isZero();

    assertThat(output.getOut())
        .contains("1  seed_courses  pending")
        .contains(
            "Applied migrations stay above it: rename_title (version 2). Apply it again, or roll"
                + " those back too.")
        .contains("Current version: 2 (complete up to version 0), pending: 1");
  }

  @Test
  void rollbackToRollsBackEverythingAboveTheVersion(CapturedOutput output) {
    run("--lms.migrations.command=migrate");

    assertThat(run("--lms.migrations.command=rollback-to", "--lms.migrations.version=0")).isZero();

    assertThat(output.getOut())
        .contains("Rolled back 2 migrations. Current version: 0, pending: 2");
  }

  @Test
  void anUnknownCommandIsAUsageError(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=explode")).isEqualTo(2);

    assertThat(output.getErr())
        .contains("Error: Unknown command 'explode'")
        .contains("Usage: java -jar app.jar --lms.migrations.command=<command>")
        .contains("rollback-to   --lms.migrations.version=<n>");
  }

  @Test
  void anUnknownCommandSuggestsTheClosestOne(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=stauts")).isEqualTo(2);

    assertThat(output.getErr()).contains("Error: Unknown command 'stauts'; did you mean 'status'?");
  }

  @Test
  void createSuggestsTheSnakeCaseFormOfACamelCaseName(
      @TempDir Path sources, CapturedOutput output) {
    assertThat(
            run(
                "--lms.migrations.command=create",
                "--lms.migrations.name=AddUserLocale",
                "--lms.migrations.create.directory=" + sources))
        .isEqualTo(2);

    assertThat(output.getErr())
        .contains(
            "Error: Invalid migration name 'AddUserLocale': use [a-z0-9][a-z0-9_]*, at most 100"
                + " characters; did you mean 'add_user_locale'?");
  }

  @Test
  void validateWithErrorsPrintsThemOnStdoutAndExitsWithOne(CapturedOutput output) {
    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "deleted")
                .append("version", 1)
                .append("status", "COMPLETED")
                .append("executedAt", new Date()));

    assertThat(run("--lms.migrations.command=validate")).isEqualTo(1);

    assertThat(output.getOut())
        .contains("Error: Version 1 is recorded as 'deleted' but the code has")
        .contains(
            "Invalid: 1 disagreement between the registered migrations and the recorded history.");
  }

  @Test
  void checkDeployAnswersWhetherARolloutIsSafeWithOneLinePerReason(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate")).isZero();
    assertThat(run("--lms.migrations.command=check-deploy", "--lms.migrations.version=2")).isZero();
    assertThat(output.getOut()).contains("Safe to deploy up to version 2.");

    // A migration this build does not know, recorded as failed by a newer build.
    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "add_levels")
                .append("version", 3)
                .append("status", "FAILED")
                .append("executedAt", new Date()));

    assertThat(run("--lms.migrations.command=check-deploy", "--lms.migrations.version=2"))
        .isEqualTo(1);
    assertThat(output.getOut())
        .contains(
            "Not safe to deploy up to version 2:\n"
                + "  - a history this build does not know: migration 'add_levels' (version 3) was"
                + " applied by a newer build\n");
    assertThat(output.getErr())
        .contains("Error: not safe to deploy up to version 2 (1 reason, listed on stdout)");

    assertThat(run("--lms.migrations.command=check-deploy")).isEqualTo(2);
    assertThat(output.getErr())
        .contains("Error: Command 'check-deploy' needs --lms.migrations.version=<n>");
  }

  @Test
  void aMissingNameIsAUsageError(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=rollback")).isEqualTo(2);

    assertThat(output.getErr())
        .contains("Error: Command 'rollback' needs --lms.migrations.name=<migration>");
  }

  @Test
  void aNonNumericVersionIsAUsageError(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=rollback-to", "--lms.migrations.version=abc"))
        .isEqualTo(2);

    assertThat(output.getErr()).contains("Error: Version must be a whole number but was 'abc'");
  }

  @Test
  void aFailingCommandExitsWithOneAndTheErrorOnStderr(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=rollback", "--lms.migrations.name=nope")).isEqualTo(1);
    assertThat(output.getErr()).contains("Error: No migration named 'nope' is registered");

    assertThat(run("--lms.migrations.command=rollback", "--lms.migrations.name=seed_courses"))
        .isEqualTo(1);
    assertThat(output.getErr()).contains("it is PENDING, never applied");
  }

  @Test
  void validatePassesOrListsEachDisagreement(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=validate")).isZero();
    assertThat(output.getOut())
        .contains("Valid: the 2 registered migrations match the recorded history.");

    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "ghost")
                .append("version", 7)
                .append("status", "COMPLETED")
                .append("executedAt", new Date()));
    // Above every version this build knows: applied by a newer build, so only a warning.
    assertThat(run("--lms.migrations.command=validate")).isZero();
    assertThat(output.getOut())
        .contains(
            "Warning: Migration 'ghost' (version 7) is recorded as COMPLETED but this build knows"
                + " versions up to 2 only");

    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "deleted")
                .append("version", 1)
                .append("status", "COMPLETED")
                .append("executedAt", new Date()));
    assertThat(run("--lms.migrations.command=validate")).isEqualTo(1);
    assertThat(output.getOut())
        .contains("Error: Version 1 is recorded as 'deleted' but the code has");
    assertThat(output.getErr())
        .contains(
            "Error: the registered migrations do not match the recorded history (1 disagreement,"
                + " listed on stdout)");
  }

  @Test
  void validateNamesThePropertyThatToleratesADisagreement(CapturedOutput output) {
    db.database()
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "rename_title")
                .append("version", 2)
                .append("status", "COMPLETED")
                .append("executedAt", new Date()));

    assertThat(run("--lms.migrations.command=validate")).isEqualTo(1);

    assertThat(output.getOut())
        .contains(
            "Error: Migration 'seed_courses' (version 1) is pending but version 2 is already"
                + " applied: it was merged late. Give it a version above 2, or set"
                + " lms.migrations.out-of-order=true to apply it anyway.")
        .doesNotContain("ValidationPolicy");
  }

  @Test
  void verifyPassesReversibleMigrations(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=verify")).isZero();

    assertThat(output.getOut())
        .contains("v1 seed_courses: REVERSIBLE (touched courses)")
        .contains("v2 rename_title: REVERSIBLE (touched courses)")
        .contains("Every pending migration is reversible.");
  }

  @Test
  void verifyCatchesABrokenDown(CapturedOutput output) {
    run(
        "--lms.migrations.command=migrate",
        "--lms.migrations.target-version=1",
        "--test.lossy-down=true");

    assertThat(run("--lms.migrations.command=verify", "--test.lossy-down=true")).isEqualTo(1);

    assertThat(output.getOut())
        .doesNotContain("v1 seed_courses:")
        .contains("v2 rename_title: NOT_REVERSIBLE (touched courses)")
        .contains("courses: 1 documents differ, e.g. _id c1")
        .contains("Some migrations are not reversible");
    assertThat(db.database().getCollection("courses").find().first())
        .containsEntry("title", "Algebra");
  }

  @Test
  void markAppliedAndMarkPendingAreRecordedAsManual(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=mark-applied", "--lms.migrations.name=seed_courses"))
        .isZero();
    assertThat(output.getOut()).contains("1  seed_courses  completed");
    assertThat(run("--lms.migrations.command=mark-pending", "--lms.migrations.name=seed_courses"))
        .isZero();

    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(TestMigration.recording("seed_courses", 1));
    assertThat(runner.getHistory("seed_courses"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("MARK_APPLIED", "MARK_PENDING");
    assertThat(db.database().listCollectionNames()).doesNotContain("courses");
  }

  @Test
  void createWritesASkeletonWithTheNextFreeVersion(@TempDir Path sources, CapturedOutput output)
      throws Exception {
    assertThat(
            run(
                "--lms.migrations.command=create",
                "--lms.migrations.name=add_course_level",
                "--lms.migrations.create.directory=" + sources,
                "--lms.migrations.create.package-name=com.example.migrations"))
        .isZero();

    Path file = sources.resolve("com/example/migrations/AddCourseLevel.java");
    assertThat(output.getOut()).contains("Created " + file + " (version 3)");
    assertThat(Files.readString(file))
        .contains("package com.example.migrations;")
        .contains("class AddCourseLevel implements Migration {")
        .contains("return \"add_course_level\";")
        .contains("return 3;");

    assertThat(
            run(
                "--lms.migrations.command=create",
                "--lms.migrations.name=add_course_level",
                "--lms.migrations.create.directory=" + sources,
                "--lms.migrations.create.package-name=com.example.migrations"))
        .isEqualTo(2);
    assertThat(output.getErr()).contains("already exists");
    assertThat(run("--lms.migrations.command=create", "--lms.migrations.name=Bad-Name"))
        .isEqualTo(2);
    assertThat(output.getErr()).contains("Invalid migration name 'Bad-Name'");
  }

  @Test
  void migrateWritesOnlyTheReportToStdoutAndTheLogsToStderr(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate")).isZero();

    List<String> lines = output.getOut().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("VERSION  NAME          STATUS     EXECUTED AT");
    assertThat(lines.get(1)).matches("      1  seed_courses  completed  \\S+Z\\s+\\d+ ms");
    assertThat(lines.get(2)).matches("      2  rename_title  completed  \\S+Z\\s+\\d+ ms");
    assertThat(lines.get(3)).isEqualTo("Applied 2 migrations. Current version: 2, pending: 0");
    assertThat(output.getErr()).contains("INFO").contains("schema now at version 2");
  }

  @Test
  void migrateReportsWhatAnotherInstanceAppliedWhileThisOneWaited(CapturedOutput output)
      throws Exception {
    CountDownLatch otherStarted = new CountDownLatch(1);
    CountDownLatch releaseOther = new CountDownLatch(1);
    MigrationRunner other = new MigrationRunner(db.newTemplate());
    other.register(
        TestMigration.of(
            "seed_courses",
            1,
            ctx -> {
              otherStarted.countDown();
              assertThat(releaseOther.await(60, TimeUnit.SECONDS)).isTrue();
              ctx.mongoTemplate()
                  .insert(new Document("_id", "c1").append("title", "Algebra"), "courses");
            },
            ctx -> {}));
    other.register(
        TestMigration.of(
            "rename_title",
            2,
            ctx ->
                ctx.mongoTemplate()
                    .updateMulti(new Query(), new Update().rename("title", "name"), "courses"),
            ctx -> {}));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<List<MigrationStatus>> otherRun = threads.submit(other::upAll);
      assertThat(otherStarted.await(30, TimeUnit.SECONDS)).isTrue();
      Future<Integer> command =
          threads.submit(
              () ->
                  run(
                      "--lms.migrations.command=migrate",
                      "--lms.migrations.lock.poll-interval=50ms"));
      Poll.until(
          "the command to wait for the lock",
          Duration.ofSeconds(60),
          () -> output.getErr().contains("Waiting up to"));
      releaseOther.countDown();

      assertThat(otherRun.get(60, TimeUnit.SECONDS)).hasSize(2);
      assertThat(command.get(60, TimeUnit.SECONDS)).isZero();
    } finally {
      releaseOther.countDown();
      threads.shutdownNow();
    }
    // The other runner logged to stdout before the command sent console logging to stderr.
    assertThat(output.getOut())
        .doesNotContain("VERSION")
        .endsWith(
            "\nApplied 0 migrations; 2 were applied by another instance meanwhile (seed_courses,"
                + " rename_title). Current version: 2, pending: 0\n");
    assertThat(db.database().getCollection("courses").countDocuments()).isEqualTo(1);
  }

  @Test
  void verifyRefusesTheApplicationsOwnDatabaseAndDropsNothing(CapturedOutput output) {
    run("--lms.migrations.command=migrate");
    List<Document> courses = db.template().findAll(Document.class, "courses");

    assertThat(
            run("--lms.migrations.command=verify", "--lms.migrations.verify.database=" + db.name()))
        .isEqualTo(1);

    assertThat(output.getErr())
        .contains(
            "Error: Refusing to verify in database '"
                + db.name()
                + "': it is the database the migrations run against, and verify drops its scratch"
                + " database when done. Choose another one with"
                + " --lms.migrations.verify.database=<name>, or leave it unset to use '"
                + db.name()
                + "_lms_verify'.");
    assertThat(db.template().findAll(Document.class, "courses")).isEqualTo(courses).hasSize(1);
    assertThat(new MigrationRunner(db.template()).info().hasHistory()).isTrue();
  }

  @Test
  void verifyRefusesAScratchDatabaseThatAlreadyHoldsDataAndLeavesItAlone(CapturedOutput output) {
    String reportsName = db.name() + "_reports";
    MongoDatabase reports = TestMongo.client().getDatabase(reportsName);
    try {
      reports.getCollection("monthly").insertOne(new Document("_id", "2026-11"));
      reports.getCollection("daily").insertOne(new Document("_id", "2026-11-25"));

      assertThat(
              run(
                  "--lms.migrations.command=verify",
                  "--lms.migrations.verify.database=" + reportsName))
          .isEqualTo(1);

      assertThat(output.getErr())
          .contains(
              "Error: Refusing to verify in database '"
                  + reportsName
                  + "': it already exists and holds collections this run did not create (daily,"
                  + " monthly), and verify drops its scratch database when done. Drop it yourself"
                  + " if it is a leftover scratch database, or choose another one with"
                  + " --lms.migrations.verify.database=<name>.");
      assertThat(reports.getCollection("monthly").countDocuments()).isEqualTo(1);
      assertThat(reports.getCollection("daily").countDocuments()).isEqualTo(1);
      assertThat(output.getOut()).doesNotContain("Checking rollbacks");
    } finally {
      reports.drop();
    }
  }

  @Test
  void verifyDropsTheScratchDatabaseItCreated(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=verify")).isZero();

    assertThat(output.getOut())
        .contains(
            "Checking rollbacks in scratch database '"
                + db.name()
                + "_lms_verify' (created for this check and dropped afterwards)...");
    List<String> databases = new ArrayList<>();
    TestMongo.client().listDatabaseNames().forEach(databases::add);
    assertThat(databases).doesNotContain(db.name() + "_lms_verify");
  }

  @Test
  void verifyCopiesFromTheServerTheMigrationsRunOnAndChecksThere(CapturedOutput output) {
    MongoServer migrationsServer = new MongoServer(new MemoryBackend());
    String server = migrationsServer.bindAndGetConnectionString();
    try (MongoClient migrationsClient = MongoClients.create(server)) {
      String migrationsUri = "--test.migrations-uri=" + server + "/lms_admin";
      run(
          "--lms.migrations.command=migrate",
          migrationsUri,
          "--lms.migrations.target-version=1",
          "--test.lossy-down=true");

      assertThat(run("--lms.migrations.command=verify", migrationsUri, "--test.lossy-down=true"))
          .isEqualTo(1);

      assertThat(output.getOut())
          .contains(
              "Checking rollbacks in scratch database 'lms_admin_lms_verify' (created for this"
                  + " check and dropped afterwards)...")
          .contains("v2 rename_title: NOT_REVERSIBLE (touched courses)")
          .contains("courses: 1 documents differ, e.g. _id c1");
      assertThat(migrationsClient.getDatabase("lms_admin").getCollection("courses").find().first())
          .containsEntry("title", "Algebra");
      assertThat(migrationsClient.listDatabaseNames()).containsExactly("lms_admin");
      List<String> applicationServer = new ArrayList<>();
      TestMongo.client().listDatabaseNames().forEach(applicationServer::add);
      assertThat(applicationServer).doesNotContain("lms_admin", "lms_admin_lms_verify");
      assertThat(db.database().listCollectionNames()).isEmpty();
    } finally {
      migrationsServer.shutdownNow();
    }
  }

  @Test
  void verifyCopiesFromTheDatabaseNamedByTheDatabaseProperty(CapturedOutput output) {
    String migrationsDatabase = TestMongo.newDatabaseName("admin");
    try {
      run(
          "--lms.migrations.command=migrate",
          "--lms.migrations.database=" + migrationsDatabase,
          "--lms.migrations.target-version=1");

      assertThat(
              run(
                  "--lms.migrations.command=verify",
                  "--lms.migrations.database=" + migrationsDatabase,
                  "--test.lossy-down=true"))
          .isEqualTo(1);

      assertThat(output.getOut())
          .contains(
              "Checking rollbacks in scratch database '" + migrationsDatabase + "_lms_verify'")
          .contains("courses: 1 documents differ, e.g. _id c1");
      assertThat(db.database().listCollectionNames()).isEmpty();
    } finally {
      TestMongo.client().getDatabase(migrationsDatabase).drop();
    }
  }

  @Test
  void markAppliedOfAnAppliedMigrationChangesNothingAndSaysSo(CapturedOutput output) {
    run("--lms.migrations.command=migrate");

    assertThat(run("--lms.migrations.command=mark-applied", "--lms.migrations.name=seed_courses"))
        .isZero();

    assertThat(output.getOut())
        .contains("Migration 'seed_courses' is already applied; nothing changed.");
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(TestMigration.recording("seed_courses", 1));
    assertThat(runner.getHistory("seed_courses"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP");
  }

  @Test
  void markPendingOfAPendingMigrationChangesNothingAndSaysSo(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=mark-pending", "--lms.migrations.name=seed_courses"))
        .isZero();

    assertThat(output.getOut())
        .contains("Migration 'seed_courses' is already pending; nothing changed.");
    assertThat(db.database().getCollection("lms_migrations").countDocuments()).isZero();
  }

  @Test
  void createNeedsNoDatabase(@TempDir Path sources, CapturedOutput output) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CommandTestApplication.exitCode.set(-1);
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(CommandTestApplication.class)
            .run(
                "--lms.migrations.command=create",
                "--spring.mongodb.uri=mongodb://127.0.0.1:"
                    + closedPort
                    + "/unreachable?serverSelectionTimeoutMS=500&connectTimeoutMS=500",
                "--lms.migrations.name=add_course_level",
                "--lms.migrations.create.directory=" + sources,
                "--lms.migrations.create.package-name=com.example.migrations")) {
      assertThat(CommandTestApplication.exitCode.get()).as(output.getErr()).isZero();
    }
    assertThat(sources.resolve("com/example/migrations/AddCourseLevel.java")).exists();
  }

  @Test
  void createRefusesVersionZeroAndVersionsOrNamesInUse(
      @TempDir Path sources, CapturedOutput output) {
    String directory = "--lms.migrations.create.directory=" + sources;
    String packageName = "--lms.migrations.create.package-name=com.example.migrations";

    assertThat(
            run(
                "--lms.migrations.command=create",
                "--lms.migrations.name=add_course_level",
                "--lms.migrations.version=0",
                directory,
                packageName))
        .isEqualTo(2);
    assertThat(output.getErr())
        .contains(
            "Error: Version must be 1 or more for a new migration but was 0; leave out"
                + " --lms.migrations.version to use the next free version, 3");

    assertThat(
            run(
                "--lms.migrations.command=create",
                "--lms.migrations.name=add_course_level",
                "--lms.migrations.version=2",
                directory,
                packageName))
        .isEqualTo(2);
    assertThat(output.getErr())
        .contains(
            "Error: Version 2 is already used by migration 'rename_title' ("
                + TestMigration.class.getName()
                + "); leave out --lms.migrations.version to use the next free version, 3");

    assertThat(
            run(
                "--lms.migrations.command=create",
                "--lms.migrations.name=rename_title",
                directory,
                packageName))
        .isEqualTo(2);
    assertThat(output.getErr())
        .contains(
            "Error: A migration named 'rename_title' already exists ("
                + TestMigration.class.getName()
                + ", version 2); choose another name");
    assertThat(sources).isEmptyDirectory();
  }

  @Test
  void createWritesTheMigrationChecklistAndACompilableClass(
      @TempDir Path sources, @TempDir Path classes) throws Exception {
    assertThat(
            run(
                "--lms.migrations.command=create",
                "--lms.migrations.name=add_course_level",
                "--lms.migrations.create.directory=" + sources,
                "--lms.migrations.create.package-name=com.example.migrations"))
        .isZero();

    Path file = sources.resolve("com/example/migrations/AddCourseLevel.java");
    assertThat(Files.readString(file))
        .contains("<p>Migration checklist (fill in before merging):")
        .contains("<li>Purpose: why the data must change")
        .contains("<li>Changes: which collections, fields and indexes change")
        .contains("[ ] rollback tested: down brings the data back")
        .contains("<li>Rollback plan: what down restores, what it cannot restore");
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int compiled =
        compiler.run(
            null,
            null,
            null,
            "-proc:none",
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            file.toString());
    assertThat(compiled).isZero();
    assertThat(classes.resolve("com/example/migrations/AddCourseLevel.class")).exists();
  }

  @Test
  void importPrintsTheMappingAndADryRunImportsNothing(CapturedOutput output) {
    mongockExecuted("seed-courses");

    int code =
        run(
            "--lms.migrations.command=import",
            context -> {},
            "--lms.migrations.import.from=mongock",
            "--lms.migrations.import.mappings.seed-courses=seed_courses",
            "--lms.migrations.dry-run=true");

    assertThat(code).isZero();
    assertThat(output.getOut()).contains("seed-courses").contains("seed_courses");
    assertThat(output.getOut()).contains("Dry run: nothing was imported.");
    assertThat(db.database().listCollectionNames()).doesNotContain("lms_migrations");
  }

  @Test
  void importRecordsTheMappedChangeAsAppliedWithoutRunningIt(CapturedOutput output) {
    mongockExecuted("seed-courses");

    int code =
        run(
            "--lms.migrations.command=import",
            context -> {},
            "--lms.migrations.import.from=mongock",
            "--lms.migrations.import.mappings.seed-courses=seed_courses");

    assertThat(code).isZero();
    assertThat(output.getOut())
        .contains("Imported 1 migration from the mongock history in 'mongockChangeLog'.");
    assertThat(db.database().getCollection("courses").countDocuments())
        .as("its up never ran")
        .isZero();
    assertThat(run("--lms.migrations.command=migrate")).isZero();
    assertThat(db.database().getCollection("courses").countDocuments())
        .as("only rename_title ran, which finds nothing to rename")
        .isZero();
    assertThat(db.database().getCollection("mongockChangeLog").countDocuments())
        .as("the old history is left as it was")
        .isEqualTo(1);
  }

  @Test
  void importWithoutATool(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=import")).isEqualTo(2);
    assertThat(output.getErr())
        .contains(
            "Command 'import' needs"
                + " --lms.migrations.import.from=mongock|mongobee|migrate-mongo|flyway");
  }

  @Test
  void statusMarksAMigrationWhoseCodeChanged(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate", "--test.edited-checksum=v1")).isZero();

    assertThat(run("--lms.migrations.command=status", "--test.edited-checksum=v2")).isZero();

    assertThat(output.getOut())
        .containsPattern("      3  edited_courses  completed \\(changed\\)")
        .contains(
            "Code changed since applied: edited_courses (recorded user:v1, now user:v2);"
                + " --lms.migrations.command=accept-change --lms.migrations.name=<migration>"
                + " accepts an intended change");
  }

  @Test
  void validateExitsWithOneOnAChangeWhateverValidateChecksumsSays(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate", "--test.edited-checksum=v1")).isZero();

    for (String check : List.of("fail", "warn", "off")) {
      assertThat(
              run(
                  "--lms.migrations.command=validate",
                  "--test.edited-checksum=v2",
                  "--lms.migrations.validate-checksums=" + check))
          .as(check)
          .isEqualTo(1);
    }

    assertThat(output.getOut())
        .contains("Error: Migration 'edited_courses' (version 3) changed since it was applied")
        .contains("--lms.migrations.command=accept-change --lms.migrations.name=edited_courses")
        .contains(
            "Invalid: 1 disagreement between the registered migrations and the recorded history.")
        .doesNotContain("Warning: Migration 'edited_courses'");
    assertThat(run("--lms.migrations.command=validate", "--test.edited-checksum=v1")).isZero();
  }

  @Test
  void acceptChangeRecordsTheNewFingerprintAndRunsNothing(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate", "--test.edited-checksum=v1")).isZero();

    assertThat(
            run(
                "--lms.migrations.command=accept-change",
                "--lms.migrations.name=edited_courses",
                "--test.edited-checksum=v2"))
        .isZero();

    assertThat(output.getOut()).contains("3  edited_courses  completed");
    assertThat(run("--lms.migrations.command=validate", "--test.edited-checksum=v2")).isZero();
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(new EditedMigration("edited_courses", 3, "v2"));
    assertThat(runner.getHistory("edited_courses"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::checksum)
        .containsExactly(tuple("UP", "user:v1"), tuple("CHANGE_ACCEPTED", "user:v2"));
    assertThat(db.database().getCollection("edited").countDocuments()).isEqualTo(1);
  }

  @Test
  void acceptChangeOfAMigrationNotAppliedExitsWithOne(CapturedOutput output) {
    assertThat(
            run(
                "--lms.migrations.command=accept-change",
                "--lms.migrations.name=edited_courses",
                "--test.edited-checksum=v2"))
        .isEqualTo(1);

    assertThat(output.getErr())
        .contains("Error: Cannot accept a change of migration 'edited_courses': it is PENDING");
    assertThat(run("--lms.migrations.command=accept-change", "--test.edited-checksum=v2"))
        .isEqualTo(2);
  }

  @Test
  void comparePrintsWhatDiffersBetweenTwoDatabasesHistories(CapturedOutput output) {
    String other = db.name() + "_other";
    try {
      assertThat(run("--lms.migrations.command=migrate", "--test.edited-checksum=v1")).isZero();
      assertThat(
              run(
                  "--lms.migrations.command=rollback",
                  "--lms.migrations.name=rename_title",
                  "--test.edited-checksum=v1"))
          .isZero();
      assertThat(
              run(
                  "--lms.migrations.command=migrate",
                  "--lms.migrations.database=" + other,
                  "--test.edited-checksum=v2"))
          .isZero();
      newerBuildApplied(db.database(), 9);
      newerBuildApplied(TestMongo.client().getDatabase(other), 10);

      assertThat(
              run(
                  "--lms.migrations.command=compare",
                  "--lms.migrations.compare.database=" + other,
                  "--test.edited-checksum=v1"))
          .isEqualTo(1);

      assertThat(output.getOut())
          .contains("rename_title (version 2): applied on " + other + " only")
          .contains(
              "edited_courses (version 3): fingerprint user:v1 on "
                  + db.name()
                  + ", user:v2 on "
                  + other)
          .contains("newer_feature: version 9 on " + db.name() + ", version 10 on " + other)
          .contains("3 differences between " + db.name() + " and " + other)
          .doesNotContain("Differs: seed_courses");
    } finally {
      TestMongo.client().getDatabase(other).drop();
    }
  }

  @Test
  void compareOfTwoDatabasesWithTheSameHistoryExitsWithZero(CapturedOutput output) {
    String other = db.name() + "_same";
    try {
      assertThat(run("--lms.migrations.command=migrate")).isZero();
      assertThat(run("--lms.migrations.command=migrate", "--lms.migrations.database=" + other))
          .isZero();

      assertThat(
              run("--lms.migrations.command=compare", "--lms.migrations.compare.database=" + other))
          .isZero();

      assertThat(output.getOut())
          .contains("Same: " + db.name() + " and " + other + " have the same history.");
      assertThat(run("--lms.migrations.command=compare")).isEqualTo(2);
    } finally {
      TestMongo.client().getDatabase(other).drop();
    }
  }

  private static void newerBuildApplied(MongoDatabase database, int version) {
    database
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "newer_feature")
                .append("version", version)
                .append("description", "")
                .append("status", "COMPLETED")
                .append("executedAt", new Date()));
  }

  private void mongockExecuted(String changeId) {
    db.database()
        .getCollection("mongockChangeLog")
        .insertOne(
            new Document("executionId", "exec-1-" + changeId)
                .append("changeId", changeId)
                .append("author", "alice")
                .append("timestamp", new Date())
                .append("state", "EXECUTED")
                .append("type", "EXECUTION")
                .append("changeLogClass", "com.example.changes.V1Changes")
                .append("changeSetMethod", "execution")
                .append("executionMillis", 42L)
                .append("executionHostname", "pod-1")
                .append("systemChange", false));
  }

  private int run(String... args) {
    return run(args[0], context -> {}, java.util.Arrays.copyOfRange(args, 1, args.length));
  }

  private int run(
      String command,
      java.util.function.Consumer<ConfigurableApplicationContext> check,
      String... more) {
    CommandTestApplication.exitCode.set(-1);
    List<String> args = new ArrayList<>(List.of(command, "--spring.mongodb.uri=" + db.uri()));
    args.add("--management.health.mongodb.enabled=false");
    args.addAll(List.of(more));
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(CommandTestApplication.class)
            .run(args.toArray(String[]::new))) {
      check.accept(context);
    }
    return CommandTestApplication.exitCode.get();
  }
}
