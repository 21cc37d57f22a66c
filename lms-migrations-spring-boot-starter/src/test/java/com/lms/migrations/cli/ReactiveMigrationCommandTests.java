package com.lms.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.autoconfigure.MigrationCommandAutoConfiguration;
import com.lms.migrations.autoconfigure.MigrationsAutoConfiguration;
import com.lms.migrations.autoconfigure.MigrationsMongoClientAutoConfiguration;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The command line in an application whose MongoDB is reactive only: the starter's own client. */
@EnabledIf(
    value = "com.lms.migrations.reactive.ReactiveDriver#onClassPath",
    disabledReason = "the reactive MongoDB driver is only in the reactive-tests run")
@ExtendWith(MongoDatabaseExtension.class)
class ReactiveMigrationCommandTests {

  private ApplicationContextRunner reactiveApp;
  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.reactiveApp =
        new ApplicationContextRunner()
            // The reactive driver's own transport: Netty's event loop takes 2 s to shut down.
            .withClassLoader(new FilteredClassLoader("io.netty"))
            .withConfiguration(
                AutoConfigurations.of(
                    MongoReactiveAutoConfiguration.class,
                    DataMongoReactiveAutoConfiguration.class,
                    MigrationsMongoClientAutoConfiguration.class,
                    MigrationsAutoConfiguration.class,
                    MigrationCommandAutoConfiguration.class))
            .withPropertyValues("spring.mongodb.uri=" + db.uri())
            .withBean(MigrationCommandExit.class, () -> code -> {})
            .withBean(
                "insertCourse",
                Migration.class,
                () ->
                    TestMigration.of(
                        "insert_course",
                        1,
                        ctx -> ctx.mongoTemplate().insert(new Document("_id", "c1"), "courses"),
                        ctx -> ctx.mongoTemplate().remove(new Document("_id", "c1"), "courses")));
  }

  @Test
  void migrateAppliesThroughTheStartersOwnClient() {
    reactiveApp
        .withPropertyValues("lms.migrations.command=migrate")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(MongoTemplate.class);
              Output output = new Output();

              int code =
                  context.getBean(MigrationCommandRunner.class).execute(output.out, output.err);

              assertThat(code).as(output.toString()).isZero();
              assertThat(db.template().findById("c1", Document.class, "courses")).isNotNull();
            });
  }

  @Test
  void verifyRunsOnAScratchDatabaseOfTheSameServer() {
    String scratch = TestMongo.newDatabaseName("reactive_verify");
    reactiveApp
        .withPropertyValues(
            "lms.migrations.command=verify", "lms.migrations.verify.database=" + scratch)
        .run(
            context -> {
              Output output = new Output();

              int code =
                  context.getBean(MigrationCommandRunner.class).execute(output.out, output.err);

              assertThat(code).as(output.toString()).isZero();
              assertThat(output.toString())
                  .contains("v1 insert_course: REVERSIBLE (touched courses)")
                  .contains("Every pending migration is reversible.");
              assertThat(db.database().listCollectionNames()).doesNotContain("courses");
            });
    TestMongo.client().getDatabase(scratch).drop();
  }

  /** What a command prints, on stdout and stderr. */
  private static final class Output {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = out;

    @Override
    public String toString() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
