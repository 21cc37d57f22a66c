package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.validation.ValidationPolicy;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The core API as docs/writing-migrations.md shows it: each shown region runs here. */
@ExtendWith(MongoDatabaseExtension.class)
class RunnerApiExamplesTests {

  @Test
  void theRunnersVerbs(TestDatabase db) {
    MongoTemplate mongoTemplate = db.template();
    mongoTemplate.insert(new Document("title", "Algebra"), "courses");

    // tag::runner-verbs[]
    MigrationRunner runner =
        MigrationRunner.builder(mongoTemplate) // history in lms_migrations
            .migration(new AddCourseTags())
            .migration(new CalculateCourseStats())
            .build(); // checks names and versions; reads and writes nothing
    // new MigrationRunner(mongoTemplate) and runner.register(migration) work too

    runner.validateAndUpTo(Integer.MAX_VALUE); // validate, then apply: what startup does

    List<MigrationStatus> applied = runner.upAll(); // pending and failed ones, by version
    runner.up("add_course_tags"); // one migration; no-op when already applied
    runner.down("add_course_tags"); // roll back one (rollback(name) is the same)
    runner.rollbackTo(3); // everything above 3 that changed data, newest first
    runner.onBehalfOf("alice").upAll(); // the same, recording who asked in the history
    runner.getStatus("add_course_tags"); // Optional<MigrationStatus>; empty for an unknown name
    runner.getLogs("add_course_tags"); // stored log lines
    runner.getHistory("add_course_tags"); // every action: up/down, outcome, when, host, pid, who
    // end::runner-verbs[]

    assertThat(applied).isEmpty(); // validateAndUpTo applied both
    assertThat(runner.info().currentVersion()).isEqualTo(4);
    assertThat(runner.getHistory("calculate_course_stats"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::principal)
        .containsExactly(tuple("UP", null), tuple("DOWN", null), tuple("UP", "alice"));
    assertThat(runner.getLogs("add_course_tags")).isNotEmpty();
    assertThat(mongoTemplate.findAll(Document.class, "courses"))
        .allSatisfy(course -> assertThat(course).containsKeys("tags", "lessons"));
  }

  @Test
  void aRunnerBuiltWithOtherSettings(TestDatabase db) {
    MongoTemplate mongoTemplate = db.template();
    List<String> heard = new ArrayList<>();
    MigrationListener myListener =
        new MigrationListener() {
          @Override
          public void migrationFinished(MigrationExecution execution) {
            heard.add(execution.name());
          }
        };

    // tag::runner-builder[]
    MigrationRunner runner =
        MigrationRunner.builder(mongoTemplate)
            .settings(MigrationSettings.defaults().withCollection("schema_history"))
            .validationPolicy(new ValidationPolicy(false, true)) // ignore-missing, out-of-order
            .listener(myListener)
            .migration(new AddCourseTags())
            .build();
    // end::runner-builder[]
    runner.upAll();

    assertThat(heard).containsExactly("add_course_tags");
    assertThat(mongoTemplate.getCollection("schema_history").countDocuments()).isEqualTo(1);
  }

  @Test
  void oneReadModel(TestDatabase db) {
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(new AddCourseTags())
            .migration(new CalculateCourseStats())
            .build();
    runner.up("calculate_course_stats");

    // tag::runner-info[]
    MigrationsInfo info = runner.info();
    info.migrations(); // every registered migration's status, by version
    info.pending(); // the ones not applied (pending, failed, running)
    info.failed(); // the FAILED ones
    info.currentVersion(); // the highest version recorded as applied, by this build or a newer one
    info.completeVersion(); // the highest version below which everything is applied
    info.gaps(); // the migrations not applied below currentVersion(): holes in the schema
    info.plan(); // what upAll() would run now, in order; plan(target) what upTo(target) would
    info.future(); // applied by a newer build this one does not know
    info.lock(); // Optional<LockHolder>: who is running migrations right now
    info.hasHistory(); // false where no migration was ever recorded
    info.validation(); // the code compared with the history, under the runner's policy
    // end::runner-info[]

    assertThat(info.currentVersion()).isEqualTo(4);
    assertThat(info.completeVersion()).isZero();
    assertThat(info.gaps()).extracting(MigrationStatus::name).containsExactly("add_course_tags");
    assertThat(info.plan()).extracting(PlannedMigration::name).containsExactly("add_course_tags");
    assertThat(info.plan(2)).isEmpty();
    assertThat(info.hasHistory()).isTrue();
    assertThat(info.lock()).isEmpty();
  }

  /** v3: every course gets a tags array. */
  static final class AddCourseTags implements Migration {

    @Override
    public String name() {
      return "add_course_tags";
    }

    @Override
    public int version() {
      return 3;
    }

    @Override
    public void up(MigrationContext ctx) {
      long n =
          ctx.mongoTemplate()
              .getCollection("courses")
              .updateMany(
                  new Document("tags", new Document("$exists", false)),
                  new Document("$set", new Document("tags", List.of())))
              .getModifiedCount();
      ctx.log().info("Added tags field to {} courses", n);
    }

    @Override
    public void down(MigrationContext ctx) {
      ctx.mongoTemplate()
          .getCollection("courses")
          .updateMany(new Document(), new Document("$unset", new Document("tags", "")));
    }
  }

  /** v4: every course gets a lesson count. */
  static final class CalculateCourseStats implements Migration {

    @Override
    public String name() {
      return "calculate_course_stats";
    }

    @Override
    public int version() {
      return 4;
    }

    @Override
    public void up(MigrationContext ctx) {
      ctx.mongoTemplate()
          .getCollection("courses")
          .updateMany(new Document(), new Document("$set", new Document("lessons", 0)));
    }

    @Override
    public void down(MigrationContext ctx) {
      ctx.mongoTemplate()
          .getCollection("courses")
          .updateMany(new Document(), new Document("$unset", new Document("lessons", "")));
    }
  }
}
