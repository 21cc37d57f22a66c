package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationHistoryEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.Backfill;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The command line with a database per tenant: {@code --lms.migrations.tenant} for one tenant, and
 * without it the summary, the migration of every tenant, the commands run on each tenant in turn
 * and those refused. Every command runs in-process against the test server; each test drops the
 * databases it created.
 */
@ExtendWith(OutputCaptureExtension.class)
class TenantMigrationCommandTests {

  private final String prefix = TestMongo.newDatabaseName("cli_tenants") + "_";
  private final String home = prefix + "home";
  private final String schoolA = prefix + "a";
  private final String schoolB = prefix + "b";
  private final String tenants = "--lms.migrations.tenants.databases=" + schoolA + "," + schoolB;

  @AfterEach
  void dropDatabases() {
    TestMongo.dropDatabasesStartingWith(prefix);
  }

  @Test
  void statusSumsUpEveryTenantWithTheFailedMigrationsOfEach(CapturedOutput output) {
    assertThat(run(tenants, "--lms.migrations.command=migrate", "--test.up-fails-in=" + schoolB))
        .isEqualTo(1);

    Result status = run(output, tenants, "--lms.migrations.command=status");

    assertThat(status.code()).isZero();
    assertThat(status.out())
        .isEqualTo(
            tenantColumn("TENANT")
                + "  VERSION  PENDING  FAILED        LOCK\n"
                + tenantColumn(schoolA)
                + "        2        0\n"
                + tenantColumn(schoolB)
                + "        1        1  rename_title\n"
                + "Tenants: 2, up to date: 1, pending migrations: 1, tenants with a failed"
                + " migration: "
                + schoolB
                + "\n");
    assertThat(collections(home)).isEmpty();
  }

  @Test
  void statusSaysEveryTenantIsUpToDateOnlyOnceNothingIsPending(CapturedOutput output) {
    assertThat(
            run(tenants, "--lms.migrations.command=migrate", "--lms.migrations.target-version=1"))
        .isZero();
    assertThat(run(output, tenants, "--lms.migrations.command=status").out())
        .endsWith(
            "Tenants: 2, up to date: 0, pending migrations: 2, tenants with a failed migration:"
                + " none\n");

    assertThat(run(tenants, "--lms.migrations.command=migrate")).isZero();
    assertThat(run(output, tenants, "--lms.migrations.command=status").out())
        .endsWith(
            "Tenants: 2, up to date: 2, pending migrations: 0, tenants with a failed migration:"
                + " none\n");
  }

  @Test
  void statusShowsWhoHoldsATenantsLock(CapturedOutput output) {
    TestMongo.client()
        .getDatabase(schoolB)
        .getCollection("lms_migrations_lock")
        .insertOne(
            new Document("_id", "migrations")
                .append("owner", "other")
                .append("host", "pod-4")
                .append("pid", 4L)
                .append("lockedAt", Date.from(Instant.parse("2026-11-25T10:15:30Z")))
                .append("expiresAt", new Date(System.currentTimeMillis() + 3_600_000)));

    Result status = run(output, tenants, "--lms.migrations.command=status");

    assertThat(status.code()).isZero();
    assertThat(status.out())
        .isEqualTo(
            tenantColumn("TENANT")
                + "  VERSION  PENDING  FAILED  LOCK\n"
                + tenantColumn(schoolA)
                + "        0        2\n"
                + tenantColumn(schoolB)
                + "        0        2          host pod-4, pid 4, since 2026-11-25T10:15:30Z\n"
                + "Tenants: 2, up to date: 0, pending migrations: 4, tenants with a failed"
                + " migration: none, lock held now in: "
                + schoolB
                + "\n");
  }

  @Test
  void statusOfOneTenantPrintsThatTenantsTable(CapturedOutput output) {
    assertThat(run(tenants, "--lms.migrations.command=migrate", "--test.up-fails-in=" + schoolB))
        .isEqualTo(1);

    Result status =
        run(
            output,
            tenants,
            "--lms.migrations.command=status",
            "--lms.migrations.tenant=" + schoolB);

    assertThat(status.code()).isZero();
    List<String> lines = status.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("VERSION  NAME          STATUS     EXECUTED AT");
    assertThat(lines.get(1)).matches("      1  seed_courses  completed  \\S+Z\\s+\\d+ ms");
    assertThat(lines.get(2))
        .matches(
            "      2  rename_title  failed     \\S+Z\\s+\\d+ ms  IllegalStateException: course c1"
                + " has no title");
    assertThat(lines.get(3)).isEqualTo("Current version: 1, pending: 1");
  }

  @Test
  void migrateWithoutATenantMigratesEveryTenantAndNamesTheOneThatFailed(CapturedOutput output) {
    Result migrate =
        run(output, tenants, "--lms.migrations.command=migrate", "--test.up-fails-in=" + schoolB);

    assertThat(migrate.code()).isEqualTo(1);
    assertThat(migrate.out())
        .isEqualTo(
            "Tenant '"
                + schoolA
                + "': Applied 2 migrations (seed_courses, rename_title). Current version: 2,"
                + " pending: 0\n"
                + "Tenant '"
                + schoolB
                + "': Failed (the error is on stderr). Current version: 1, pending: 1, failed:"
                + " rename_title\n"
                + "1 of 2 tenants succeeded; failed: "
                + schoolB
                + ". Pending migrations: 1 in all.\n");
    assertThat(migrate.err())
        .contains(
            "Error: tenant '"
                + schoolB
                + "': Migration 'rename_title' (version 2) failed while applying:"
                + " IllegalStateException: course c1 has no title. It is recorded as FAILED; fix the"
                + " cause and run it again (upAll re-runs failed migrations). Its logs:"
                + " MigrationRunner.getLogs(\"rename_title\")\n");
    assertThat(states(schoolA))
        .containsExactly(
            Map.entry("seed_courses", "COMPLETED"), Map.entry("rename_title", "COMPLETED"));
    assertThat(course(schoolA)).containsEntry("name", "Algebra").doesNotContainKey("title");
    assertThat(states(schoolB))
        .containsExactly(
            Map.entry("seed_courses", "COMPLETED"), Map.entry("rename_title", "FAILED"));
    assertThat(course(schoolB)).containsEntry("title", "Algebra").doesNotContainKey("name");
    assertThat(collections(home)).isEmpty();

    // Made good: the next run migrates what is left and leaves the other tenant alone.
    Result again = run(output, tenants, "--lms.migrations.command=migrate");
    assertThat(again.code()).isZero();
    assertThat(again.out())
        .isEqualTo(
            "Tenant '"
                + schoolA
                + "': Nothing to do. Current version: 2, pending: 0\n"
                + "Tenant '"
                + schoolB
                + "': Applied 1 migration (rename_title). Current version: 2, pending: 0\n"
                + "2 of 2 tenants succeeded. Every tenant is up to date.\n");
    assertThat(actions(schoolA, "rename_title")).containsExactly("UP");
  }

  @Test
  void withFailFastTheTenantsAfterAFailureAreNotStarted(CapturedOutput output) {
    Result migrate =
        run(
            output,
            "--lms.migrations.tenants.databases=" + schoolB + "," + schoolA,
            "--lms.migrations.tenants.parallelism=1",
            "--lms.migrations.tenants.fail-fast=true",
            "--lms.migrations.command=migrate",
            "--test.up-fails-in=" + schoolB);

    assertThat(migrate.code()).isEqualTo(1);
    assertThat(migrate.out())
        .isEqualTo(
            "Tenant '"
                + schoolB
                + "': Failed (the error is on stderr). Current version: 1, pending: 1, failed:"
                + " rename_title\n"
                + "Tenant '"
                + schoolA
                + "': Not started: another tenant failed first and"
                + " lms.migrations.tenants.fail-fast is on. Current version: 0, pending: 2\n"
                + "0 of 2 tenants succeeded; failed: "
                + schoolB
                + "; not started: "
                + schoolA
                + ". Pending migrations: 3 in all.\n");
    assertThat(collections(schoolA)).isEmpty();
  }

  @Test
  void aDryRunOverEveryTenantPrintsEachPlanAndChangesNothing(CapturedOutput output) {
    Result migrate =
        run(output, tenants, "--lms.migrations.command=migrate", "--lms.migrations.dry-run=true");

    assertThat(migrate.code()).isZero();
    String plan =
        "': Dry run: would apply 2 migrations (up v1 seed_courses, up v2 rename_title); nothing"
            + " was changed. Current version: 0, pending: 2\n";
    assertThat(migrate.out())
        .isEqualTo(
            "Tenant '"
                + schoolA
                + plan
                + "Tenant '"
                + schoolB
                + plan
                + "Dry run, nothing was changed: 2 of 2 tenants checked. Pending migrations: 4 in"
                + " all.\n");
    assertThat(collections(schoolA)).isEmpty();
    assertThat(collections(schoolB)).isEmpty();
  }

  @Test
  void migrateOnOneTenantMigratesThatTenantOnly(CapturedOutput output) {
    Result migrate =
        run(
            output,
            tenants,
            "--lms.migrations.command=migrate",
            "--lms.migrations.tenant=" + schoolA);

    assertThat(migrate.code()).isZero();
    assertThat(migrate.out()).endsWith("\nApplied 2 migrations. Current version: 2, pending: 0\n");
    assertThat(states(schoolA))
        .hasSize(2)
        .containsValue("COMPLETED")
        .doesNotContainValue("PENDING");
    assertThat(collections(schoolB)).isEmpty();
    assertThat(collections(home)).isEmpty();
  }

  @Test
  void aRollbackOnOneTenantChangesOnlyThatTenantsHistory(CapturedOutput output) {
    assertThat(run(tenants, "--lms.migrations.command=migrate")).isZero();

    Result rollback =
        run(
            output,
            tenants,
            "--lms.migrations.command=rollback",
            "--lms.migrations.name=rename_title",
            "--lms.migrations.tenant=" + schoolA);

    assertThat(rollback.code()).isZero();
    assertThat(rollback.out())
        .isEqualTo(
            "VERSION  NAME          STATUS   EXECUTED AT  TIME  ERROR\n"
                + "      2  rename_title  pending  -               -\n"
                + "Current version: 1, pending: 1\n");
    assertThat(actions(schoolA, "rename_title")).containsExactly("UP", "DOWN");
    assertThat(course(schoolA)).containsEntry("title", "Algebra");
    assertThat(actions(schoolB, "rename_title")).containsExactly("UP");
    assertThat(states(schoolB)).containsEntry("rename_title", "COMPLETED");
    assertThat(course(schoolB)).containsEntry("name", "Algebra");
  }

  @Test
  void commandsThatUndoOrRepairOneDatabaseNeedATenant(CapturedOutput output) {
    assertThat(run(tenants, "--lms.migrations.command=migrate")).isZero();

    for (String command :
        List.of("rollback", "rollback-to", "mark-applied", "mark-pending", "verify")) {
      Result refused =
          run(
              output,
              tenants,
              "--lms.migrations.command=" + command,
              "--lms.migrations.name=rename_title",
              "--lms.migrations.version=0");

      assertThat(refused.code()).as(command).isEqualTo(2);
      assertThat(refused.err())
          .contains(
              "Error: Command '"
                  + command
                  + "' needs --lms.migrations.tenant=<tenant>: it runs on one tenant at a time;"
                  + " the tenants are "
                  + schoolA
                  + ", "
                  + schoolB
                  + "\nUsage: java -jar app.jar --lms.migrations.command=<command> [arguments]\n");
      assertThat(refused.out()).isEmpty();
    }
    for (String school : List.of(schoolA, schoolB)) {
      assertThat(actions(school, "rename_title")).containsExactly("UP");
      assertThat(actions(school, "seed_courses")).containsExactly("UP");
    }
  }

  @Test
  void checkDeployWithoutATenantAnswersForEachTenant(CapturedOutput output) {
    assertThat(run(tenants, "--lms.migrations.command=migrate")).isZero();
    TestMongo.client()
        .getDatabase(schoolB)
        .getCollection("lms_migrations")
        .updateOne(
            new Document("_id", "rename_title"),
            new Document("$set", new Document("status", "FAILED").append("error", "boom")));

    Result check =
        run(output, tenants, "--lms.migrations.command=check-deploy", "--lms.migrations.version=2");

    assertThat(check.code()).isEqualTo(1);
    assertThat(check.out())
        .startsWith(
            "Tenant '"
                + schoolA
                + "':\n"
                + "Safe to deploy up to version 2.\n"
                + "Tenant '"
                + schoolB
                + "':\n"
                + "Not safe to deploy up to version 2:\n"
                + "  - migration 'rename_title' (version 2) FAILED: boom; fix it or roll it back"
                + " first\n")
        .endsWith(
            "Command 'check-deploy' succeeded for 1 of 2 tenants; failed for: " + schoolB + ".\n");
    assertThat(check.err())
        .contains("Error: tenant '" + schoolB + "': not safe to deploy up to version 2 (1 reason");
  }

  @Test
  void validateWithoutATenantChecksEachTenantInTurn(CapturedOutput output) {
    assertThat(run(tenants, "--lms.migrations.command=migrate")).isZero();
    TestMongo.client()
        .getDatabase(schoolB)
        .getCollection("lms_migrations")
        .insertOne(
            new Document("_id", "deleted")
                .append("version", 1)
                .append("status", "COMPLETED")
                .append("executedAt", new Date()));

    Result validate = run(output, tenants, "--lms.migrations.command=validate");

    assertThat(validate.code()).isEqualTo(1);
    assertThat(validate.out())
        .startsWith(
            "Tenant '"
                + schoolA
                + "':\n"
                + "Valid: the 2 registered migrations match the recorded history.\n"
                + "Tenant '"
                + schoolB
                + "':\n"
                + "Error: Version 1 is recorded as 'deleted' but the code")
        .endsWith(
            "\nInvalid: 1 disagreement between the registered migrations and the recorded"
                + " history.\n"
                + "Command 'validate' succeeded for 1 of 2 tenants; failed for: "
                + schoolB
                + ".\n");
    assertThat(validate.err())
        .contains(
            "Error: tenant '"
                + schoolB
                + "': the registered migrations do not match the recorded history");
  }

  @Test
  void throttleWithoutATenantThrottlesEachTenantInTurnOnceItsArgumentsAreRight(
      CapturedOutput output) {
    Result missingRate =
        run(
            output,
            tenants,
            "--test.background=true",
            "--lms.migrations.command=throttle",
            "--lms.migrations.name=backfill_level");

    assertThat(missingRate.code()).isEqualTo(2);
    assertThat(missingRate.err())
        .contains(
            "Error: Command 'throttle' needs --lms.migrations.max-per-second=<n>: the most"
                + " documents per second, or 0 to go back to the migration's own limit\n");
    assertThat(missingRate.out()).isEmpty();
    assertThat(collections(schoolA)).isEmpty();
    assertThat(collections(schoolB)).isEmpty();

    Result throttle =
        run(
            output,
            tenants,
            "--test.background=true",
            "--lms.migrations.command=throttle",
            "--lms.migrations.name=backfill_level",
            "--lms.migrations.max-per-second=2500");

    assertThat(throttle.code()).isZero();
    String throttled =
        "Throttled background migration 'backfill_level' to 2,500 documents per second from its"
            + " next batch.\n";
    assertThat(throttle.out())
        .startsWith("Tenant '" + schoolA + "':\n")
        .contains(throttled + "Tenant '" + schoolB + "':\n")
        .endsWith(throttled + "Command 'throttle' succeeded for all 2 tenants.\n");
    for (String school : List.of(schoolA, schoolB)) {
      MigrationRunner runner = new MigrationRunner(new MongoTemplate(TestMongo.client(), school));
      runner.register(Backfill.migration("backfill_level", 3, item -> {}));
      assertThat(runner.background().progress("backfill_level").maxPerSecond())
          .as(school)
          .isEqualTo(2500);
    }
  }

  @Test
  void verifyOnOneTenantCopiesThatTenantAndNeverUsesAnotherTenantAsScratch(CapturedOutput output) {
    assertThat(
            run(tenants, "--lms.migrations.command=migrate", "--lms.migrations.target-version=1"))
        .isZero();

    Result verify =
        run(
            output,
            tenants,
            "--lms.migrations.command=verify",
            "--lms.migrations.tenant=" + schoolA);

    assertThat(verify.code()).isZero();
    assertThat(verify.out())
        .startsWith(
            "Checking rollbacks in scratch database '"
                + schoolA
                + "_lms_verify' (created for this check and dropped afterwards)...\n")
        .contains("v2 rename_title: REVERSIBLE (touched courses)")
        .endsWith("Every pending migration is reversible.\n");
    assertThat(TestMongo.client().listDatabaseNames()).doesNotContain(schoolA + "_lms_verify");

    Result refused =
        run(
            output,
            tenants,
            "--lms.migrations.command=verify",
            "--lms.migrations.tenant=" + schoolA,
            "--lms.migrations.verify.database=" + schoolB);

    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            "Error: Refusing to verify in database '"
                + schoolB
                + "': it is the database of tenant '"
                + schoolB
                + "', and verify drops its scratch database when done. Choose another one with"
                + " --lms.migrations.verify.database=<name>, or leave it unset to use '"
                + schoolA
                + "_lms_verify'.\n");
    assertThat(course(schoolB)).containsEntry("title", "Algebra");
    assertThat(states(schoolB)).containsEntry("seed_courses", "COMPLETED");
  }

  @Test
  void anUnknownTenantIsAUsageErrorListingTheTenants(CapturedOutput output) {
    Result unknown =
        run(
            output,
            tenants,
            "--lms.migrations.command=migrate",
            "--lms.migrations.tenant=" + prefix + "c");

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "Error: No tenant named '"
                + prefix
                + "c'; the tenants are "
                + schoolA
                + ", "
                + schoolB
                + "\nUsage: java -jar app.jar --lms.migrations.command=<command> [arguments]\n")
        .contains(
            "but create takes [--lms.migrations.tenant=<tenant>] to run on that tenant only.");
    assertThat(unknown.out()).isEmpty();
    assertThat(collections(prefix + "c")).isEmpty();
  }

  @Test
  void aTenantThatIsNotAValidDatabaseNameIsAUsageError(CapturedOutput output) {
    Result invalid =
        run(output, tenants, "--lms.migrations.command=status", "--lms.migrations.tenant=school.b");

    assertThat(invalid.code()).isEqualTo(2);
    assertThat(invalid.err())
        .contains(
            "Error: 'school.b' is not a valid MongoDB database name: it contains '.'. A database"
                + " name has at most 63 bytes and none of / \\ . \" $ * < > : | ?, spaces or null"
                + " characters.\n");

    Result empty =
        run(output, tenants, "--lms.migrations.command=migrate", "--lms.migrations.tenant=");

    assertThat(empty.code()).isEqualTo(2);
    assertThat(empty.err())
        .contains(
            "Error: '' is not a valid MongoDB database name: it is empty. A database name has at"
                + " most 63 bytes");
    assertThat(collections(schoolA)).isEmpty();
    assertThat(collections(schoolB)).isEmpty();
  }

  @Test
  void aTenantWithoutTenantsConfiguredIsAUsageError(CapturedOutput output) {
    Result refused =
        run(output, "--lms.migrations.command=migrate", "--lms.migrations.tenant=" + schoolA);

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            "Error: There are no tenants (neither lms.migrations.tenants.databases nor"
                + " lms.migrations.tenants.pattern is set, and there is no MigrationTenants bean);"
                + " leave out --lms.migrations.tenant\n");
    assertThat(collections(schoolA)).isEmpty();
    assertThat(collections(home)).isEmpty();
  }

  @Test
  void createTakesNoTenant(CapturedOutput output) {
    Result refused =
        run(
            output,
            tenants,
            "--lms.migrations.command=create",
            "--lms.migrations.name=add_level",
            "--lms.migrations.tenant=" + schoolA);

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            "Error: Command 'create' reads no database: a new migration is for every tenant;"
                + " leave out --lms.migrations.tenant\n");
  }

  @Test
  void createWithTenantsStillNeedsNoDatabase(@TempDir Path sources, CapturedOutput output)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    Result create =
        run(
            output,
            "--spring.mongodb.uri=mongodb://127.0.0.1:"
                + closedPort
                + "/unreachable?serverSelectionTimeoutMS=500&connectTimeoutMS=500",
            tenants,
            "--lms.migrations.command=create",
            "--lms.migrations.name=add_level",
            "--lms.migrations.create.directory=" + sources,
            "--lms.migrations.create.package-name=com.example.migrations");

    assertThat(create.code()).as(create.err()).isZero();
    assertThat(create.out())
        .isEqualTo(
            "Created "
                + sources.resolve("com/example/migrations/AddLevel.java")
                + " (version 3)\n");
  }

  /** The tenant column's cell: as wide as the longest tenant name. */
  private String tenantColumn(String cell) {
    return String.format("%-" + Math.max(schoolA.length(), schoolB.length()) + "s", cell);
  }

  /** What one command printed and its exit code. */
  private record Result(int code, String out, String err) {}

  private Result run(CapturedOutput output, String... args) {
    int outBefore = output.getOut().length();
    int errBefore = output.getErr().length();
    int code = run(args);
    return new Result(
        code, output.getOut().substring(outBefore), output.getErr().substring(errBefore));
  }

  private int run(String... more) {
    CommandTestApplication.exitCode.set(-1);
    List<String> args = new ArrayList<>();
    if (Arrays.stream(more).noneMatch(arg -> arg.startsWith("--spring.mongodb.uri="))) {
      args.add("--spring.mongodb.uri=" + TestMongo.uri(home));
    }
    args.add("--management.health.mongodb.enabled=false");
    args.addAll(List.of(more));
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(CommandTestApplication.class)
            .run(args.toArray(String[]::new))) {
      // The command ran while the context started.
    }
    return CommandTestApplication.exitCode.get();
  }

  /** Each recorded migration's state in a tenant's database, by name, in version order. */
  private static Map<String, String> states(String database) {
    Map<String, String> states = new LinkedHashMap<>();
    TestMongo.client()
        .getDatabase(database)
        .getCollection("lms_migrations")
        .find()
        .sort(new Document("version", 1))
        .forEach(doc -> states.put(doc.getString("_id"), doc.getString("status")));
    return states;
  }

  private static List<String> actions(String database, String migration) {
    MigrationRunner runner = new MigrationRunner(new MongoTemplate(TestMongo.client(), database));
    runner.register(TestMigration.recording(migration, migration.equals("seed_courses") ? 1 : 2));
    return runner.getHistory(migration).stream().map(MigrationHistoryEntry::action).toList();
  }

  /**
   * The collections of a database: none when nothing was written to it (the embedded test server
   * lists a database once a command merely names it, so its existence proves nothing).
   */
  private static List<String> collections(String database) {
    List<String> names = new ArrayList<>();
    TestMongo.client().getDatabase(database).listCollectionNames().forEach(names::add);
    return names;
  }

  private static Document course(String database) {
    return TestMongo.client().getDatabase(database).getCollection("courses").find().first();
  }
}
