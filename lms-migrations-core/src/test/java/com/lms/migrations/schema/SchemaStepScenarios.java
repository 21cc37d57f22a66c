package com.lms.migrations.schema;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.MigrationFailedException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.ValidationAction;
import com.mongodb.client.model.ValidationLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Each schema step and its undo, checked by what the database holds afterwards: the documents, the
 * indexes with their options, the validator and the views are what they were before. Run against
 * the embedded server and, where it lacks a command, against a real {@code mongod}.
 */
abstract class SchemaStepScenarios extends SchemaStepFixture {

  @Test
  void anIndexWithOptionsIsCreatedAndDroppedAgainOnRollback() {
    insertCourses(50);
    courses().createIndex(Indexes.ascending("title"));
    upThenDownRestores(
        stepsOnly(
            "index_courses",
            1,
            ctx -> {
              assertThat(
                      ctx.schema()
                          .createIndex(
                              "courses",
                              Indexes.ascending("departmentId", "title"),
                              new IndexOptions()
                                  .unique(true)
                                  .partialFilterExpression(Filters.eq("status", "open"))))
                  .isEqualTo("departmentId_1_title_1");
              ctx.schema()
                  .createIndex(
                      "courses",
                      Indexes.descending("title"),
                      new IndexOptions().name("title_desc").sparse(true));
            }),
        () -> {
          assertThat(index("courses", "departmentId_1_title_1"))
              .containsEntry("unique", true)
              .containsEntry("partialFilterExpression", new Document("status", "open"));
          assertThat(index("courses", "title_desc")).containsEntry("sparse", true);
        });
  }

  @Test
  void anIndexOnACollectionThatDidNotExistTakesTheCollectionAlongOnRollback() {
    insertCourses(1);
    upThenDownRestores(
        stepsOnly(
            "index_new_collection",
            1,
            ctx -> ctx.schema().createIndex("departments", Indexes.ascending("code"))),
        () -> assertThat(index("departments", "code_1")).isNotNull());
  }

  @Test
  void anIdenticalIndexIsKeptAndStaysOnRollback() {
    insertCourses(10);
    courses().createIndex(Indexes.ascending("status"), new IndexOptions().unique(false));
    MigrationRunner runner =
        runner(
            stepsOnly(
                "index_status",
                1,
                ctx -> ctx.schema().createIndex("courses", Indexes.ascending("status"))));

    runner.upAll();
    runner.down("index_status");

    assertThat(index("courses", "status_1")).isNotNull();
    assertThat(logs(runner, "index_status"))
        .contains(
            "Step 1: kept index courses.status_1 (it already existed as asked)",
            "Undid step 1: kept index courses.status_1 (it existed before the migration)");
  }

  @Test
  void aConflictingIndexIsRefusedWithBothSpecsAndNothingChanges() {
    insertCourses(10);
    courses().createIndex(Indexes.ascending("status"), new IndexOptions().name("by_status"));
    DatabaseState before = DatabaseState.of(database());
    MigrationRunner runner =
        runner(
            stepsOnly(
                "unique_status",
                1,
                ctx ->
                    ctx.schema()
                        .createIndex(
                            "courses",
                            Indexes.ascending("status"),
                            new IndexOptions().name("by_status").unique(true))));

    assertThatThrownBy(runner::upAll)
        .isInstanceOf(MigrationFailedException.class)
        .cause()
        .isInstanceOf(SchemaStepRefusedException.class)
        .hasMessage(
            "Cannot create index courses.by_status: it conflicts with an existing index. Asked for"
                + " {\"key\": {\"status\": 1}, \"name\": \"by_status\", \"unique\": true}, found"
                + " {\"key\": {\"status\": 1}, \"name\": \"by_status\", \"v\": 2}. Drop the"
                + " existing index in an earlier step, or ask for the same one");
    assertThat(DatabaseState.of(database())).isEqualTo(before);
    assertThat(state(runner, "unique_status")).isEqualTo(MigrationState.FAILED);

    runner.down("unique_status"); // nothing was recorded, and nothing is undone
    assertThat(DatabaseState.of(database())).isEqualTo(before);
  }

  @Test
  void aDroppedIndexComesBackWithItsFullSpecification() {
    insertCourses(20);
    courses()
        .createIndex(
            Indexes.compoundIndex(Indexes.ascending("departmentId"), Indexes.descending("title")),
            new IndexOptions()
                .name("dept_title")
                .unique(true)
                .sparse(true)
                .partialFilterExpression(Filters.exists("title")));
    courses()
        .createIndex(
            Indexes.ascending("expiresAt"),
            new IndexOptions().expireAfter(3600L, TimeUnit.SECONDS));
    upThenDownRestores(
        stepsOnly(
            "drop_indexes",
            1,
            ctx -> {
              ctx.schema().dropIndex("courses", "dept_title");
              ctx.schema().dropIndex("courses", "expiresAt_1");
              ctx.schema().dropIndex("courses", "no_such_index");
            }),
        () -> {
          assertThat(index("courses", "dept_title")).isNull();
          assertThat(index("courses", "expiresAt_1")).isNull();
        });
  }

  @Test
  void theIdIndexIsNeverDropped() {
    MigrationRunner runner =
        runner(stepsOnly("drop_id", 1, ctx -> ctx.schema().dropIndex("courses", "_id_")));
    insertCourses(1);

    assertThatThrownBy(runner::upAll)
        .cause()
        .isInstanceOf(SchemaStepRefusedException.class)
        .hasMessage("Cannot drop index courses._id_: MongoDB keeps the _id index");
  }

  @Test
  void aRenamedFieldIsRenamedBackInEveryDocument() {
    insertCourses(2_500);
    AtomicInteger renamed = new AtomicInteger();
    upThenDownRestores(
        stepsOnly(
            "rename_title",
            1,
            ctx -> {
              renamed.set((int) ctx.schema().renameField("courses", "title", "name"));
              ctx.schema().renameField("courses", "meta.owner", "meta.author");
            }),
        () -> {
          assertThat(renamed).hasValue(2_500);
          assertThat(courses().countDocuments(exists("title"))).isZero();
          Document course = courses().find(eq("_id", 4)).first();
          assertThat(course).containsEntry("name", "Course 4");
          assertThat(course.get("meta", Document.class))
              .isEqualTo(new Document("tags", List.of("a", 4)).append("author", "ada"));
        });
  }

  @Test
  void aRenameThatWouldOverwriteAFieldIsRefusedBeforeAnyDocumentChanges() {
    insertCourses(30);
    courses().updateOne(eq("_id", 7), Updates.set("name", "already named"));
    DatabaseState before = DatabaseState.of(database());
    MigrationRunner runner =
        runner(
            stepsOnly(
                "rename_title", 1, ctx -> ctx.schema().renameField("courses", "title", "name")));

    assertThatThrownBy(runner::upAll)
        .cause()
        .isInstanceOf(SchemaStepRefusedException.class)
        .hasMessage(
            "Cannot rename field courses.title to name: 1 documents have both fields, and renaming"
                + " would overwrite their 'name'. Merge or remove one of the two in those documents"
                + " first");
    assertThat(DatabaseState.of(database())).isEqualTo(before);
  }

  @Test
  void renamingBackIsRefusedWhenTheOldNameIsInUseAgain() {
    insertCourses(30);
    MigrationRunner runner =
        runner(
            stepsOnly(
                "rename_title", 1, ctx -> ctx.schema().renameField("courses", "title", "name")));
    runner.upAll();
    courses().updateOne(eq("_id", 3), Updates.set("title", "written by the old build"));

    assertThatThrownBy(() -> runner.down("rename_title"))
        .cause()
        .isInstanceOf(SchemaStepRefusedException.class)
        .hasMessageStartingWith(
            "Cannot rename field courses.name back to title: 1 documents have both fields");
    assertThat(courses().countDocuments(exists("name"))).isEqualTo(30);
    assertThat(state(runner, "rename_title")).isEqualTo(MigrationState.FAILED);
  }

  @Test
  void anAddedFieldIsRemovedOnlyFromTheDocumentsTheStepAddedItTo() {
    insertCourses(1_200);
    courses().updateMany(Filters.lt("_id", 100), Updates.set("level", "advanced"));
    AtomicInteger added = new AtomicInteger();
    upThenDownRestores(
        stepsOnly(
            "add_level",
            1,
            ctx -> added.set((int) ctx.schema().addField("courses", "level", "beginner"))),
        () -> {
          assertThat(added).hasValue(1_100);
          assertThat(courses().countDocuments(eq("level", "beginner"))).isEqualTo(1_100);
          assertThat(courses().countDocuments(eq("level", "advanced"))).isEqualTo(100);
        });
  }

  @Test
  void aRemovedFieldIsRestoredFromTheStepsBackup() {
    insertCourses(1_100);
    courses().updateOne(eq("_id", 1), Updates.set("meta", null));
    upThenDownRestores(
        stepsOnly(
            "drop_meta",
            1,
            ctx -> {
              assertThat(ctx.schema().removeField("courses", "meta")).isEqualTo(276);
              ctx.schema().removeField("courses", "status");
            }),
        () -> {
          assertThat(courses().countDocuments(exists("meta"))).isZero();
          assertThat(courses().countDocuments(exists("status"))).isZero();
          assertThat(
                  database().getCollection("lms_backup_drop_meta_step1_courses").countDocuments())
              .isEqualTo(276);
        });
  }

  @Test
  void aCreatedCollectionIsDroppedOnRollbackWhileEmpty() {
    upThenDownRestores(
        stepsOnly(
            "create_departments",
            1,
            ctx -> {
              ctx.schema().createCollection("departments");
              ctx.schema()
                  .createIndex(
                      "departments", Indexes.ascending("code"), new IndexOptions().unique(true));
            }),
        () -> assertThat(index("departments", "code_1")).isNotNull());
  }

  @Test
  void aCreatedCollectionThatHoldsDocumentsIsNotDropped() {
    MigrationRunner runner =
        runner(
            stepsOnly(
                "create_departments", 1, ctx -> ctx.schema().createCollection("departments")));
    runner.upAll();
    database().getCollection("departments").insertOne(new Document("code", "CS"));

    assertThatThrownBy(() -> runner.down("create_departments"))
        .cause()
        .isInstanceOf(SchemaStepRefusedException.class)
        .hasMessage(
            "Cannot drop collection departments, which migration 'create_departments' created: it"
                + " holds 1 documents. Delete or move them in the migration's down() (it runs"
                + " before the steps are undone), or drop the collection by hand");
    assertThat(database().getCollection("departments").countDocuments()).isEqualTo(1);
  }

  @Test
  void aDroppedCollectionComesBackWithItsDocumentsAndIndexes() {
    insertCourses(300);
    courses().createIndex(Indexes.ascending("title"), new IndexOptions().unique(true));
    upThenDownRestores(
        stepsOnly("drop_courses", 1, ctx -> ctx.schema().dropCollection("courses")),
        () -> {
          assertThat(database().listCollectionNames().into(new ArrayList<>()))
              .doesNotContain("courses")
              .contains("lms_backup_drop_courses_step1_courses");
        });
  }

  @Test
  void aMigrationThatMixesStepsAndItsOwnCodeUndoesItsOwnCodeFirst() {
    insertCourses(40);
    List<String> order = new ArrayList<>();
    upThenDownRestores(
        TestMigration.of(
                "departments_seed",
                1,
                ctx -> {
                  ctx.schema().createCollection("departments");
                  ctx.mongoTemplate().insert(new Document("_id", "cs"), "departments");
                  ctx.schema().renameField("courses", "departmentId", "department");
                },
                ctx -> {
                  order.add(
                      "own down: " + database().getCollection("departments").countDocuments());
                  ctx.mongoTemplate()
                      .remove(
                          new org.springframework.data.mongodb.core.query.Query(), "departments");
                })
            .nonTransactional(),
        () -> assertThat(courses().countDocuments(exists("department"))).isEqualTo(40));
    assertThat(order).containsExactly("own down: 1");
  }

  @Test
  void aFailedMigrationIsLeftFailedAndItsRollbackUndoesTheStepsTaken() {
    insertCourses(60);
    DatabaseState before = DatabaseState.of(database());
    MigrationRunner runner =
        runner(
            stepsOnly(
                "half_done",
                1,
                ctx -> {
                  ctx.schema().createIndex("courses", Indexes.ascending("status"));
                  ctx.schema().renameField("courses", "title", "name");
                  throw new IllegalStateException("the third step's code failed");
                }));

    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);
    assertThat(state(runner, "half_done")).isEqualTo(MigrationState.FAILED);
    assertThat(index("courses", "status_1")).isNotNull();

    runner.down("half_done");

    assertThat(DatabaseState.of(database())).isEqualTo(before);
    assertThat(state(runner, "half_done")).isEqualTo(MigrationState.PENDING);
  }

  @Test
  void aStepStoppedHalfWayCarriesOnAndDoneStepsAreNotTakenAgain() {
    insertCourses(2_000);
    courses().updateOne(eq("_id", 1_500), Updates.set("meta", "not a document"));
    AtomicInteger renamed = new AtomicInteger();
    MigrationRunner runner =
        runner(
            stepsOnly(
                "nest_title",
                1,
                ctx -> {
                  ctx.schema().createIndex("courses", Indexes.ascending("status"));
                  renamed.set(
                      (int)
                          ctx.schema()
                              .batchSize(500)
                              .renameField("courses", "title", "meta.title"));
                }));

    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);
    long movedBeforeTheFailure = courses().countDocuments(exists("meta.title"));
    assertThat(movedBeforeTheFailure).isGreaterThanOrEqualTo(1_000).isLessThan(2_000);

    courses().updateOne(eq("_id", 1_500), Updates.unset("meta"));
    runner.upAll();

    assertThat(courses().countDocuments(exists("meta.title"))).isEqualTo(2_000);
    assertThat(courses().countDocuments(exists("title"))).isZero();
    assertThat(logs(runner, "nest_title"))
        .contains("Step 1: created index courses.status_1 (done by an earlier run)")
        .anyMatch(line -> line.startsWith("Step 2: carrying on where an earlier run stopped"))
        .anyMatch(line -> line.contains("resuming after _id"));
  }

  @Test
  void changingAStepOfAnUnfinishedRunIsRefused() {
    insertCourses(5);
    AtomicInteger attempt = new AtomicInteger();
    MigrationRunner runner =
        runner(
            stepsOnly(
                "changed_steps",
                1,
                ctx -> {
                  if (attempt.incrementAndGet() == 1) {
                    ctx.schema().createIndex("courses", Indexes.ascending("status"));
                    throw new IllegalStateException("first attempt fails");
                  }
                  ctx.schema().createIndex("courses", Indexes.ascending("title"));
                }));
    assertThatThrownBy(runner::upAll).isInstanceOf(MigrationFailedException.class);

    assertThatThrownBy(runner::upAll)
        .cause()
        .isInstanceOf(SchemaStepRefusedException.class)
        .hasMessage(
            "Step 1 of migration 'changed_steps' was 'createIndex courses.status_1' in an earlier"
                + " run that did not finish, and is now 'createIndex courses.title_1'. Roll the"
                + " migration back first (its rollback undoes the steps taken), then change its"
                + " steps");
  }

  @Test
  void rollingBackAMigrationWithNothingToUndoWithFailsNamingIt() {
    MigrationRunner runner = runner(stepsOnly("nothing_recorded", 1, ctx -> {}));
    runner.upAll();

    assertThatThrownBy(() -> runner.down("nothing_recorded"))
        .cause()
        .hasMessage(
            "Migration 'nothing_recorded' has no down() of its own and no recorded schema steps to"
                + " undo: it was applied before its steps were recorded, or marked applied. Undo"
                + " its changes by hand, then mark it pending");
  }

  @Test
  void eachStepAndItsUndoIsLoggedInWords() {
    insertCourses(3);
    MigrationRunner runner =
        runner(
            stepsOnly(
                "words",
                1,
                ctx -> {
                  ctx.schema().createIndex("courses", Indexes.ascending("departmentId", "status"));
                  ctx.schema().addField("courses", "level", "beginner");
                }));
    runner.upAll();
    runner.down("words");

    assertThat(logs(runner, "words"))
        .contains(
            "Step 1: created index courses.departmentId_1_status_1",
            "Step 2: added field courses.level to 3 documents that lacked it (their ids are in"
                + " lms_backup_words_step2_courses)",
            "Undid step 2: removed field courses.level from the 3 documents this step added it to",
            "Undid step 1: dropped index courses.departmentId_1_status_1");
  }

  @Test
  void theHistoryThePlansAndTheRecordsNameTheSteps() {
    insertCourses(4);
    MigrationRunner runner =
        runner(
            stepsOnly(
                "named_steps",
                1,
                ctx -> {
                  ctx.schema().createIndex("courses", Indexes.ascending("status"));
                  ctx.schema().renameField("courses", "title", "name");
                }));
    assertThat(runner.info().plan())
        .singleElement()
        .satisfies(p -> assertThat(p.steps()).isEmpty());

    runner.upAll();

    assertThat(runner.getHistory("named_steps").get(0).steps())
        .containsExactly(
            "created index courses.status_1", "renamed field courses.title to name in 4 documents");
    assertThat(runner.planRollbackTo(0))
        .singleElement()
        .satisfies(
            planned ->
                assertThat(planned.steps())
                    .containsExactly(
                        "undo step 2: renamed field courses.title to name in 4 documents",
                        "undo step 1: created index courses.status_1"));
    assertThat(runner.getSchemaSteps("named_steps"))
        .extracting(StepRecord::kind, StepRecord::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("createIndex", StepRecord.State.DONE),
            org.assertj.core.groups.Tuple.tuple("renameField", StepRecord.State.DONE));

    runner.down("named_steps");

    assertThat(runner.getHistory("named_steps").get(1).steps())
        .containsExactly(
            "renamed field courses.name back to title in 4 documents",
            "dropped index courses.status_1");
    assertThat(runner.info().plan())
        .singleElement()
        .satisfies(
            planned ->
                assertThat(planned.steps())
                    .containsExactly(
                        "step 1 (as its last run took it): created index courses.status_1",
                        "step 2 (as its last run took it): renamed field courses.title to name in 4"
                            + " documents"));
  }

  @Test
  void aValidatorIsSetAndTheOneBeforeIsRestoredExactly() {
    org.junit.jupiter.api.Assumptions.assumeTrue(hasCollMod(), "needs collMod (a real MongoDB)");
    database()
        .createCollection(
            "students",
            new com.mongodb.client.model.CreateCollectionOptions()
                .validationOptions(
                    new com.mongodb.client.model.ValidationOptions()
                        .validator(Filters.exists("email"))
                        .validationLevel(ValidationLevel.MODERATE)
                        .validationAction(ValidationAction.WARN)));
    database().createCollection("teachers");
    upThenDownRestores(
        stepsOnly(
            "validators",
            1,
            ctx -> {
              ctx.schema()
                  .setValidator(
                      "students",
                      Filters.jsonSchema(new Document("required", List.of("email", "name"))),
                      ValidationLevel.STRICT,
                      ValidationAction.ERROR);
              ctx.schema()
                  .setValidator(
                      "teachers",
                      Filters.jsonSchema(new Document("required", List.of("name"))),
                      ValidationLevel.STRICT,
                      ValidationAction.ERROR);
            }),
        () ->
            assertThat(
                    database()
                        .listCollections()
                        .filter(eq("name", "teachers"))
                        .first()
                        .get("options", Document.class))
                .containsKey("validator"));
  }

  @Test
  void aViewIsCreatedOrReplacedAndRestored() {
    org.junit.jupiter.api.Assumptions.assumeTrue(hasCollMod(), "needs views (a real MongoDB)");
    insertCourses(10);
    database()
        .createView(
            "open_courses",
            "courses",
            List.of(Filters.eq("status", "open")).stream()
                .map(f -> new Document("$match", f))
                .toList());
    upThenDownRestores(
        stepsOnly(
            "views",
            1,
            ctx -> {
              ctx.schema()
                  .createView(
                      "open_courses",
                      "courses",
                      List.of(
                          new Document(
                              "$match", new Document("status", "open").append("departmentId", 1))));
              ctx.schema()
                  .createView(
                      "course_titles",
                      "courses",
                      List.of(new Document("$project", new Document("title", 1))));
            }),
        () -> assertThat(database().getCollection("course_titles").countDocuments()).isEqualTo(10));
  }

  @Test
  void aHiddenIndexIsUnhiddenOnRollback() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        hasCollMod(), "needs hidden indexes (MongoDB 4.4)");
    insertCourses(10);
    courses().createIndex(Indexes.ascending("title"));
    upThenDownRestores(
        stepsOnly("hide_title", 1, ctx -> ctx.schema().hideIndex("courses", "title_1")),
        () -> assertThat(index("courses", "title_1")).containsEntry("hidden", true));
  }
}
