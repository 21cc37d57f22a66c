package com.lms.migrations.test;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.autoconfigure.MigrationStartupStrategy;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Puts a Spring test context's database back to a known state between tests, without restarting the
 * context. Every Spring test context has this bean ({@code @SpringBootTest},
 * {@code @DataMongoTest}, ...):
 *
 * <pre>{@code
 * @Autowired MigrationDatabaseReset database;
 *
 * @BeforeEach
 * void freshlyMigrated() {
 *   database.reset();
 * }
 * }</pre>
 *
 * <p>Both methods drop every collection of the application's database: the data, the migration
 * history, its logs, the lock and backups. Indexes that Spring Data creates for entities when the
 * context starts ({@code spring.data.mongodb.auto-index-creation}) go with them; indexes that
 * migrations create come back.
 *
 * <p>It only drops a database that held no collection when the context created its {@code
 * MigrationRunner} (in this JVM, for any cached context): a Testcontainers container, an in-memory
 * server or a database name of the tests' own. It refuses any other database, which may hold data
 * that is not the tests', unless asked through {@link #allowingExistingDatabase()}.
 */
public final class MigrationDatabaseReset {

  private static final String RUN_ON_STARTUP = "lms.migrations.run-on-startup";

  private final ListableBeanFactory beans;
  private final Environment environment;
  private final boolean existingDatabaseAllowed;

  MigrationDatabaseReset(
      ListableBeanFactory beans, Environment environment, boolean existingDatabaseAllowed) {
    this.beans = beans;
    this.environment = environment;
    this.existingDatabaseAllowed = existingDatabaseAllowed;
  }

  /**
   * Drops every collection, then applies the migrations as startup does (the {@link
   * MigrationStartupStrategy}, so up to {@code lms.migrations.target-version}); with {@code
   * lms.migrations.run-on-startup=false} it applies nothing, as startup did not.
   *
   * @throws IllegalStateException when the database was not created for the tests
   */
  public void reset() {
    MigrationRunner runner = runner();
    drop();
    if (environment.getProperty(RUN_ON_STARTUP, Boolean.class, true)) {
      MigrationStartupStrategy strategy =
          beans.getBeanProvider(MigrationStartupStrategy.class).getIfUnique();
      if (strategy != null) {
        strategy.migrate(runner);
      } else {
        runner.migrate(Integer.MAX_VALUE);
      }
    }
  }

  /**
   * Drops every collection, then applies the migrations up to a version.
   *
   * @param version a version some migration has, or 0 to leave the database empty
   * @throws IllegalArgumentException when no migration has this version, naming the known ones;
   *     nothing is dropped then
   * @throws IllegalStateException when the database was not created for the tests
   */
  public void resetTo(int version) {
    MigrationRunner runner = runner();
    List<Migration> migrations = runner.getMigrations();
    if (version != 0 && migrations.stream().noneMatch(m -> m.version() == version)) {
      throw new IllegalArgumentException(
          "Cannot reset to version "
              + version
              + ": no migration has that version. Known versions: "
              + (migrations.isEmpty()
                  ? "none (no migration is registered)"
                  : String.join(
                      ", ", migrations.stream().map(m -> String.valueOf(m.version())).toList()))
              + "; 0 leaves the database empty.");
    }
    drop();
    runner.upTo(version);
  }

  /**
   * The same reset for a database that was not created for the tests: its collections are dropped
   * all the same. Use it only on a database whose every collection the tests may destroy.
   *
   * @return a reset that does not check where the database came from
   */
  public MigrationDatabaseReset allowingExistingDatabase() {
    return new MigrationDatabaseReset(beans, environment, true);
  }

  private MigrationRunner runner() {
    MigrationRunner runner = beans.getBeanProvider(MigrationRunner.class).getIfUnique();
    if (runner == null) {
      throw new IllegalStateException(
          "Cannot reset: the test context has no single MigrationRunner bean (is"
              + " lms.migrations.enabled=false, or is there no MongoTemplate?).");
    }
    return runner;
  }

  private void drop() {
    MongoTemplate template = beans.getBeanProvider(MongoTemplate.class).getIfUnique();
    if (template == null) {
      throw new IllegalStateException(
          "Cannot reset: the test context has no single MongoTemplate bean, so which database to"
              + " reset is unclear.");
    }
    MongoDatabase database = template.getDb();
    if (!existingDatabaseAllowed) {
      checkCreatedForTests(template, database.getName());
    }
    for (String name : database.listCollectionNames()) {
      if (!name.startsWith("system.")) {
        database.getCollection(name).drop();
      }
    }
  }

  private void checkCreatedForTests(MongoTemplate template, String database) {
    NewDatabases.FirstSight first =
        NewDatabases.firstSight(template, beans.getBeanProvider(MongoClient.class).getIfUnique());
    if (first != null && first.isNew()) {
      return;
    }
    String fact =
        first == null
            ? "lms-migrations did not see it before the application used it (the MigrationRunner"
                + " bean was created without a single MongoTemplate bean)"
            : first.error() != null
                ? "it could not be read when the test context started (" + first.error() + ")"
                : "it already held collections when the test context started "
                    + first.collections();
    throw new IllegalStateException(
        "Refusing to reset database '"
            + database
            + "': "
            + fact
            + ", so it may not have been created for these tests and dropping its collections"
            + " could destroy data. Point the tests at a database of their own (a Testcontainers"
            + " container with @ServiceConnection, an in-memory server, or a spring.mongodb.database"
            + " used by nothing else), or call allowingExistingDatabase() if every collection in it"
            + " may be dropped.");
  }
}
