package com.lms.migrations.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.lms.migrations.testing.TestMongo;
import com.lms.migrations.verify.ReversibilityReport.Outcome;
import com.mongodb.client.model.Indexes;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

@ExtendWith(MongoDatabaseExtension.class)
class ReversibilityCheckTests {

  private static final Migration ADD_TAGS =
      TestMigration.of(
          "add_tags",
          1,
          ctx ->
              ctx.mongoTemplate()
                  .updateMulti(new Query(), new Update().set("tags", List.of()), "courses"),
          ctx ->
              ctx.mongoTemplate().updateMulti(new Query(), new Update().unset("tags"), "courses"));

  private static final Migration LOSSY_RENAME =
      TestMigration.of(
          "lossy_rename",
          2,
          ctx ->
              ctx.mongoTemplate()
                  .updateMulti(new Query(), new Update().rename("title", "name"), "courses"),
          ctx ->
              ctx.mongoTemplate().updateMulti(new Query(), new Update().unset("name"), "courses"));

  private static final Migration INDEX_WITHOUT_DOWN =
      TestMigration.of(
              "add_index",
              3,
              ctx ->
                  ctx.mongoTemplate()
                      .indexOps("courses")
                      .createIndex(new Index().on("tags", Sort.Direction.ASC).named("idx_tags")),
              ctx -> {})
          .nonTransactional();

  private MongoTemplate scratch;

  @BeforeEach
  void scratch() {
    scratch = new MongoTemplate(TestMongo.client(), TestMongo.newDatabaseName("scratch"));
  }

  @AfterEach
  void dropScratch() {
    scratch.getDb().drop();
  }

  @Test
  void aCorrectDownPasses() {
    ReversibilityReport report =
        ReversibilityCheck.of(List.of(ADD_TAGS)).withFixture("courses", courses()).run(scratch);

    assertThat(report.isReversible()).isTrue();
    assertThat(report.checks())
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.outcome()).isEqualTo(Outcome.REVERSIBLE);
              assertThat(check.touched()).containsExactly("courses");
            });
    report.assertReversible();
  }

  @Test
  void theUndosOfSchemaStepsAreChecked() {
    Migration steps =
        new Migration() {
          @Override
          public String name() {
            return "course_steps";
          }

          @Override
          public int version() {
            return 1;
          }

          @Override
          public void up(MigrationContext ctx) {
            ctx.schema().createIndex("courses", Indexes.ascending("title"));
            ctx.schema().renameField("courses", "title", "name");
            ctx.schema().addField("courses", "level", "beginner");
            ctx.schema().removeField("courses", "credits");
            ctx.schema().createCollection("departments");
          }
        };

    ReversibilityReport report =
        ReversibilityCheck.of(List.of(steps)).withFixture("courses", courses()).run(scratch);

    assertThat(report.checks())
        .singleElement()
        .satisfies(
            check -> {
              assertThat(check.outcome()).isEqualTo(Outcome.REVERSIBLE);
              assertThat(check.touched()).contains("courses");
            });
  }

  @Test
  void aDownThatLosesDataIsCaughtWithTheDifference() {
    ReversibilityReport report =
        ReversibilityCheck.of(List.of(ADD_TAGS, LOSSY_RENAME, INDEX_WITHOUT_DOWN))
            .withFixture("courses", courses())
            .run(scratch);

    assertThat(report.checks())
        .extracting(ReversibilityReport.Check::outcome)
        .containsExactly(Outcome.REVERSIBLE, Outcome.NOT_REVERSIBLE, Outcome.NOT_REVERSIBLE);
    assertThat(report.checks().get(1).differences())
        .singleElement()
        .asString()
        .startsWith(
            "courses: 2 documents differ, e.g. _id c1 was {\"_id\": \"c1\", \"title\": \"Algebra\"");
    assertThat(report.checks().get(2).differences())
        .containsExactly("courses: indexes were [_id_], now [_id_, idx_tags]");
    assertThatThrownBy(report::assertReversible)
        .isInstanceOf(IrreversibleMigrationException.class)
        .hasMessageContaining("v2 lossy_rename: NOT_REVERSIBLE (touched courses)")
        .hasMessageContaining("v3 add_index: NOT_REVERSIBLE");
  }

  @Test
  void aDownThatThrowsIsReportedAsFailed() {
    Migration throwing =
        TestMigration.of(
            "irreversible",
            1,
            ctx -> {},
            ctx -> {
              throw new UnsupportedOperationException("no way back");
            });

    ReversibilityReport report = ReversibilityCheck.of(List.of(throwing)).run(scratch);

    assertThat(report.checks().get(0).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(report.checks().get(0).differences())
        .containsExactly("down failed: UnsupportedOperationException: no way back");
  }

  @Test
  void copiesASourceDatabaseAndChecksOnlyItsPendingMigrations(TestDatabase source) {
    source.template().insert(courses(), "courses");
    source
        .template()
        .indexOps("courses")
        .createIndex(new Index().on("title", Sort.Direction.ASC).named("idx_title"));
    MigrationRunner production = new MigrationRunner(source.template());
    production.register(ADD_TAGS);
    production.register(LOSSY_RENAME);
    production.upTo(1);
    List<Document> before = source.template().findAll(Document.class, "courses");

    ReversibilityReport report =
        ReversibilityCheck.of(List.of(ADD_TAGS, LOSSY_RENAME))
            .copyFrom(source.template())
            .run(scratch);

    assertThat(report.checks())
        .extracting(ReversibilityReport.Check::name)
        .containsExactly("lossy_rename");
    assertThat(report.isReversible()).isFalse();
    assertThat(scratch.indexOps("courses").getIndexInfo())
        .anyMatch(index -> index.getName().equals("idx_title"));
    assertThat(source.template().findAll(Document.class, "courses")).isEqualTo(before);
    assertThat(production.getStatus("lossy_rename").orElseThrow().status())
        .isEqualTo(MigrationState.PENDING);
  }

  @Test
  void refusesToUseTheSourceAsScratch(TestDatabase source) {
    assertThatThrownBy(
            () ->
                ReversibilityCheck.of(List.of(ADD_TAGS))
                    .copyFrom(source.template())
                    .run(source.newTemplate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be the source database");
  }

  private static List<Document> courses() {
    return List.of(
        new Document("_id", "c1").append("title", "Algebra"),
        new Document("_id", "c2").append("title", "Biology").append("credits", 5));
  }
}
