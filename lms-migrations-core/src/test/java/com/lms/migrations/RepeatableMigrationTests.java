package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.background.BackgroundMigration;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.Together;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Repeatable migrations run after the versioned ones, by name, once per change of their code: at a
 * restart with nothing changed they do not run, under two instances at once they run once, and
 * after a crash in the middle they run again.
 */
@ExtendWith(MongoDatabaseExtension.class)
class RepeatableMigrationTests {

  private TestDatabase db;

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
  }

  @Test
  void theyRunAfterTheVersionedOnesByNameOnceAndAgainWhenTheirCodeChanges() {
    MigrationRunner first = runner("v1", "v1");

    assertThat(first.validateAndUpTo(Integer.MAX_VALUE))
        .extracting(MigrationStatus::name)
        .containsExactly("one", "two", "course_view", "tag_list");
    assertThat(runs()).containsExactly("one", "two", "course_view", "tag_list");

    assertThat(runner("v1", "v1").validateAndUpTo(Integer.MAX_VALUE)).as("a restart").isEmpty();

    MigrationRunner changed = runner("v1", "v2");
    assertThat(changed.info().plan())
        .extracting(PlannedMigration::name)
        .containsExactly("tag_list");
    assertThat(changed.validate().findings()).as("a change is no drift").isEmpty();
    assertThat(changed.validateAndUpTo(Integer.MAX_VALUE))
        .extracting(MigrationStatus::name)
        .containsExactly("tag_list");
    assertThat(runs()).containsExactly("one", "two", "course_view", "tag_list", "tag_list");
    assertThat(changed.getHistory("tag_list"))
        .extracting(MigrationHistoryEntry::checksum)
        .containsExactly("user:v1", "user:v2");
    assertThat(changed.info().gaps()).isEmpty();
    assertThat(changed.info().completeVersion()).isEqualTo(2);
    assertThat(changed.info().currentVersion()).isEqualTo(2);
  }

  @Test
  void aFailedVersionedMigrationStopsTheRunBeforeThem() {
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .migration(
                TestMigration.of(
                    "broken",
                    1,
                    ctx -> {
                      throw new IllegalStateException("broken");
                    },
                    ctx -> {}))
            .migration(repeatable("course_view", "v1"))
            .build();

    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);
    assertThat(runs()).isEmpty();
    assertThat(runner.getStatus("course_view").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
  }

  @Test
  void twoInstancesAtOnceRunAChangedOneOnce() throws Exception {
    runner("v1", "v1").upAll();

    int applied =
        Together.upAll(List.of(runner("v1", "v2"), runner("v1", "v2")), Duration.ofSeconds(30));

    assertThat(applied).isEqualTo(1);
    assertThat(runs()).containsExactly("one", "two", "course_view", "tag_list", "tag_list");
  }

  @Test
  void oneThatCrashedInTheMiddleRunsAgain() {
    runner("v1", "v1").upAll();
    statuses()
        .updateOne(
            Filters.eq("_id", "tag_list"),
            new Document(
                "$set",
                new Document("status", "RUNNING")
                    .append(
                        "running",
                        new Document("owner", "dead")
                            .append("host", "pod-gone")
                            .append("pid", 1L)
                            .append("since", new Date())
                            .append("direction", "UP")
                            .append("run", "dead-run"))));

    assertThat(runner("v1", "v2").upAll())
        .extracting(MigrationStatus::name)
        .containsExactly("tag_list");
    assertThat(runs()).containsExactly("one", "two", "course_view", "tag_list", "tag_list");
  }

  @Test
  void belowTheHighestVersionTheyWaitButThePlanSaysWhatAllWouldRun() {
    MigrationRunner runner = runner("v1", "v1");

    assertThat(runner.upTo(1)).extracting(MigrationStatus::name).containsExactly("one");
    assertThat(runner.info().plan())
        .extracting(PlannedMigration::name)
        .containsExactly("two", "course_view", "tag_list");
    assertThat(runner.info().plan(1)).isEmpty();
  }

  @Test
  void anOlderBuildDoesNotRunItsOlderVersionOfThemAgain() {
    MigrationRunner newer =
        MigrationRunner.builder(db.template())
            .migration(recorded("one", 1))
            .migration(recorded("two", 2))
            .migration(recorded("three", 3))
            .migration(repeatable("tag_list", "v2"))
            .build();
    newer.upAll();

    // During a rolling deploy an instance of the older build starts: it knows versions 1 and 2.
    MigrationRunner older = runner("v1", "v1");

    assertThat(older.upAll()).isEmpty();
    assertThat(runs()).containsExactly("one", "two", "three", "tag_list");
    assertThat(older.getHistory("tag_list"))
        .extracting(MigrationHistoryEntry::checksum)
        .containsExactly("user:v2");
  }

  @Test
  void downRevertsTheLastRunAndRollbackToLeavesThemAlone() {
    MigrationRunner runner = runner("v1", "v1");
    runner.upAll();

    runner.rollbackTo(0);
    assertThat(runner.getStatus("tag_list").orElseThrow().status())
        .isEqualTo(MigrationState.COMPLETED);

    runner.down("tag_list");
    assertThat(runner.getStatus("tag_list").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
    assertThat(runner.upAll())
        .extracting(MigrationStatus::name)
        .containsExactly("one", "two", "tag_list");
  }

  @Test
  void aRepeatableMigrationHasNoVersionAndIsNoBackgroundMigration() {
    MigrationRunner runner = new MigrationRunner(db.template());

    assertThatThrownBy(
            () ->
                runner.register(
                    new Repeatable("numbered", "v1") {
                      @Override
                      public int version() {
                        return 3;
                      }
                    }))
        .isInstanceOf(InvalidMigrationException.class)
        .hasMessageContaining("Repeatable migration 'numbered'")
        .hasMessageEndingWith(
            "has version 3; a repeatable migration has no version: do not override version()");
    assertThatThrownBy(() -> runner.register(new BackgroundRepeatable()))
        .isInstanceOf(InvalidMigrationException.class)
        .hasMessageContaining("is both repeatable and a background migration");
  }

  private MigrationRunner runner(String courseView, String tagList) {
    return MigrationRunner.builder(db.template())
        .migration(recorded("two", 2))
        .migration(repeatable("tag_list", tagList))
        .migration(repeatable("course_view", courseView))
        .migration(recorded("one", 1))
        .build();
  }

  private Migration recorded(String name, int version) {
    return TestMigration.of(
        name,
        version,
        ctx -> ctx.mongoTemplate().getCollection("runs").insertOne(new Document("name", name)),
        ctx -> ctx.mongoTemplate().getCollection("runs").deleteOne(new Document("name", name)));
  }

  private static Repeatable repeatable(String name, String checksum) {
    return new Repeatable(name, checksum);
  }

  private List<String> runs() {
    return db.database()
        .getCollection("runs")
        .find()
        .map(run -> run.getString("name"))
        .into(new java.util.ArrayList<>());
  }

  private MongoCollection<Document> statuses() {
    return db.database().getCollection("lms_migrations");
  }

  /** A repeatable migration whose code version is its checksum; each run leaves a document. */
  // tag::repeatable[]
  static class Repeatable implements RepeatableMigration {

    private final String name;
    private final String checksum;

    Repeatable(String name, String checksum) {
      this.name = name;
      this.checksum = checksum;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String checksum() {
      return checksum;
    }

    @Override
    public void up(MigrationContext ctx) {
      ctx.mongoTemplate().getCollection("runs").insertOne(new Document("name", name));
    }
  }

  // end::repeatable[]

  /** Not allowed: repeatable and background at once. */
  static final class BackgroundRepeatable extends Repeatable implements BackgroundMigration {

    BackgroundRepeatable() {
      super("both", "v1");
    }
  }
}
