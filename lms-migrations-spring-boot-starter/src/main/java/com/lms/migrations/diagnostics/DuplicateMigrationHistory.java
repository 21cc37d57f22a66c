package com.lms.migrations.diagnostics;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.MigrationStatus;
import com.lms.migrations.validation.ValidationFinding;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.StringUtils;

/**
 * What the history says about two migrations that share a name or a version. Read where the
 * duplicate is found, while the application's client is still open (a failure analyzer runs after
 * the context has closed it), and handed to {@link DuplicateMigrationFailureAnalyzer} by {@link
 * DuplicateMigrationStartupException}.
 *
 * @param first the recorded status of the migration registered first, or {@code null} when the
 *     history has no entry for it
 * @param second the recorded status of the migration registered second, or {@code null}
 * @param highestRecorded the highest version the history records as run, whether or not the code
 *     still has that migration; 0 when none is
 * @param unreadable why the history could not be read, or {@code null} when it was read
 */
public record DuplicateMigrationHistory(
    @Nullable MigrationStatus first,
    @Nullable MigrationStatus second,
    int highestRecorded,
    @Nullable String unreadable) {

  /**
   * Reads what the history records of both migrations and the highest version it records.
   *
   * @param settings where the history is
   * @param database the database holding it, or {@code null} for the template's
   * @param mongoTemplate the template migrations run against
   * @param first the migration registered first
   * @param second the migration registered second
   * @return what the history says, or why it could not be read
   */
  public static DuplicateMigrationHistory read(
      MigrationSettings settings,
      @Nullable String database,
      MongoTemplate mongoTemplate,
      Migration first,
      Migration second) {
    try {
      // A runner knowing no migration reports every run record as missing from the code.
      int highest =
          probe(settings, database, mongoTemplate, null).validate().findings().stream()
              .mapToInt(ValidationFinding::version)
              .max()
              .orElse(0);
      return new DuplicateMigrationHistory(
          recorded(probe(settings, database, mongoTemplate, first), first).orElse(null),
          recorded(probe(settings, database, mongoTemplate, second), second).orElse(null),
          highest,
          null);
    } catch (RuntimeException unreadable) {
      return new DuplicateMigrationHistory(null, null, 0, String.valueOf(unreadable.getMessage()));
    }
  }

  /** The migration's recorded status, when the history has any entry for it. */
  private static Optional<MigrationStatus> recorded(MigrationRunner runner, Migration migration) {
    return runner.getHistory(migration.name()).isEmpty()
        ? Optional.empty()
        : runner.getStatus(migration.name());
  }

  /** A runner on the same history knowing only this migration (or none), to read its status. */
  private static MigrationRunner probe(
      MigrationSettings settings,
      @Nullable String database,
      MongoTemplate mongoTemplate,
      @Nullable Migration migration) {
    MigrationRunner.Builder builder = MigrationRunner.builder(mongoTemplate).settings(settings);
    if (StringUtils.hasText(database)) {
      builder.database(database);
    }
    if (migration != null) {
      builder.migration(migration);
    }
    return builder.build();
  }
}
