package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_FAILED;
import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.DatabaseNames;
import com.lms.migrations.InvalidDatabaseNameException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.verify.ReversibilityCheck;
import com.lms.migrations.verify.ReversibilityReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code verify}: checks that the pending migrations' rollbacks restore the data, on a copy in a
 * scratch database that this run creates and drops.
 */
final class VerifyCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) {
    MongoTemplate source = database.mongoTemplate().get();
    String ownDatabase = source.getDb().getName();
    String defaultScratch = ownDatabase + DatabaseNames.VERIFY_SUFFIX;
    String scratchName = database.arguments().properties().getVerify().getDatabase();
    boolean defaulted = scratchName == null || scratchName.isBlank();
    if (defaulted) {
      scratchName = defaultScratch;
    }
    try {
      DatabaseNames.requireValid(scratchName);
    } catch (InvalidDatabaseNameException e) {
      throw new CommandUsageException(
          e.getMessage()
              + (defaulted
                  ? " Choose the scratch database with --lms.migrations.verify.database=<name>."
                  : ""));
    }
    refuseProductDatabase(database, scratchName, ownDatabase, defaultScratch);
    MongoTemplate scratch = database.scratchTemplates().apply(scratchName);
    refuseExisting(scratch, scratchName);
    out.println(
        "Checking rollbacks in scratch database '"
            + scratchName
            + "' (created for this check and dropped afterwards)...");
    MigrationRunner runner = database.runner();
    ReversibilityReport report;
    try {
      report =
          ReversibilityCheck.of(runner.getMigrations())
              .settings(runner.getSettings())
              .copyFrom(source)
              .run(scratch);
    } finally {
      scratch.getDb().drop();
    }
    if (report.checks().isEmpty()) {
      out.println("No pending migration to check.");
      return EXIT_OK;
    }
    out.println(report.describe());
    out.println(
        report.isReversible()
            ? "Every pending migration is reversible."
            : "Some migrations are not reversible: their down does not restore the data.");
    return report.isReversible() ? EXIT_OK : EXIT_FAILED;
  }

  /**
   * Refuses before anything is created or dropped: the scratch database is dropped afterwards, so
   * it must be one this run creates, never the database migrated or a tenant's.
   */
  private static void refuseProductDatabase(
      CommandDatabase database, String scratchName, String ownDatabase, String defaultScratch) {
    if (scratchName.equals(ownDatabase)) {
      throw new ScratchDatabaseRefusedException(
          "Refusing to verify in database '"
              + scratchName
              + "': it is "
              + (database.tenant() == null
                  ? "the database the migrations run against"
                  : "the database of tenant '" + database.tenant() + "'")
              + ", and verify drops its scratch database"
              + " when done. Choose another one with --lms.migrations.verify.database=<name>, or"
              + " leave it unset to use '"
              + defaultScratch
              + "'.");
    }
    if (database.tenants().get().contains(scratchName)) {
      throw new ScratchDatabaseRefusedException(
          "Refusing to verify in database '"
              + scratchName
              + "': it is the database of tenant '"
              + scratchName
              + "', and verify drops its scratch database when done. Choose another one with"
              + " --lms.migrations.verify.database=<name>, or leave it unset to use '"
              + defaultScratch
              + "'.");
    }
  }

  /** Refuses a scratch database that holds collections this run did not create. */
  private static void refuseExisting(MongoTemplate scratch, String scratchName) {
    List<String> existing = new ArrayList<>();
    scratch.getDb().listCollectionNames().forEach(existing::add);
    if (!existing.isEmpty()) {
      Collections.sort(existing);
      throw new ScratchDatabaseRefusedException(
          "Refusing to verify in database '"
              + scratchName
              + "': it already exists and holds collections this run did not create ("
              + String.join(", ", existing)
              + "), and verify drops its scratch database when done. Drop it yourself if it is a"
              + " leftover scratch database, or choose another one with"
              + " --lms.migrations.verify.database=<name>.");
    }
  }
}
