package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
  void migrateAppliesAndPrintsWhatChanged(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate")).isZero();

    assertThat(output.getOut())
        .containsPattern("      1  seed_courses  completed  \\S+Z\\s+\\d+ ms")
        .contains("Applied 2 migrations. Current version: 2, pending: 0");
    assertThat(run("--lms.migrations.command=migrate")).isZero();
    assertThat(output.getOut()).contains("Nothing to do. Current version: 2, pending: 0");
  }

  @Test
  void migrateHonoursDryRunAndTargetVersionLikeStartup(CapturedOutput output) {
    assertThat(run("--lms.migrations.command=migrate", "--lms.migrations.dry-run=true")).isZero();
    assertThat(output.getOut()).contains("Nothing to do. Current version: 0, pending: 2");

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
    assertThat(output.getErr()).contains("it is PENDING, not applied");
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
    assertThat(output.getErr())
        .contains("Error: Version 1 is recorded as 'deleted' but the code has");
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
    runner.register(com.lms.migrations.testing.TestMigration.recording("seed_courses", 1));
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
