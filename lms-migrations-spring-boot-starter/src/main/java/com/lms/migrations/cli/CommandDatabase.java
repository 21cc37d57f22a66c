package com.lms.migrations.cli;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.importer.HistorySource;
import com.lms.migrations.startup.MigrationStartupStrategy;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The database a command runs on, the application's or one tenant's, with what the commands need to
 * reach it.
 *
 * @param runner the runner of that database
 * @param arguments the command's arguments
 * @param mongoTemplate a template on that database (the source for {@code verify})
 * @param scratchTemplates makes a template on another database of the same server
 * @param startupStrategy what {@code migrate} does, as at startup
 * @param importSource the history {@code import} imports, or {@code null}
 * @param dryRun whether {@code import} only prints its mapping
 * @param tenant the tenant whose database it is, or {@code null} for the application's
 * @param tenants every tenant's database, which {@code verify} never uses as scratch database
 */
record CommandDatabase(
    MigrationRunner runner,
    CommandArguments arguments,
    Supplier<MongoTemplate> mongoTemplate,
    Function<String, MongoTemplate> scratchTemplates,
    MigrationStartupStrategy startupStrategy,
    @Nullable HistorySource importSource,
    boolean dryRun,
    @Nullable String tenant,
    Supplier<List<String>> tenants) {

  /** {@code "tenant 'b': "} before an error about a tenant's database, nothing otherwise. */
  String errorPrefix() {
    return tenant == null ? "" : "tenant '" + tenant + "': ";
  }

  /**
   * The history {@code import} imports.
   *
   * @throws CommandUsageException when {@code lms.migrations.import.from} is not set
   */
  HistorySource requireImportSource() {
    if (importSource == null) {
      throw new CommandUsageException(
          "Command 'import' needs"
              + " --lms.migrations.import.from=mongock|mongobee|migrate-mongo|flyway");
    }
    return importSource;
  }
}
