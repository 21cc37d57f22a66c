package com.lms.migrations.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.MigrationLogEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Field;

/** Spring Data queries given to a batch job mean what they mean to {@code MongoTemplate}. */
@ExtendWith(MongoDatabaseExtension.class)
class BatchFilterTests {

  /** An entity whose string id is stored as an ObjectId, as Spring Data stores it. */
  @org.springframework.data.mongodb.core.mapping.Document("courses")
  record Course(@Id String id, @Field("course_title") String title) {}

  private TestDatabase db;
  private MigrationRunner runner;
  private final List<String> ids = new ArrayList<>();

  @BeforeEach
  void setUp(TestDatabase db) {
    this.db = db;
    this.runner = new MigrationRunner(db.template());
    for (int i = 0; i < 10; i++) {
      Course course = db.template().insert(new Course(null, "course " + i));
      ids.add(course.id());
    }
  }

  @Test
  void aStringIdThatSpringWouldConvertMatchesTheObjectIdItIsStoredAs() {
    assertThat(db.database().getCollection("courses").find().first().get("_id"))
        .isInstanceOf(ObjectId.class);
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("courses")
                    .filter(query(where("_id").is(ids.get(3))))
                    .run(BatchFilterTests::markMigrated)));

    runner.upAll();

    assertThat(result.get().processed()).isEqualTo(1);
    assertThat(migratedIds()).containsExactly(ids.get(3));
  }

  @Test
  void anEntityClassMapsItsPropertyNamesAsMongoTemplateDoes() {
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("courses")
                    .filter(
                        query(
                            where("id")
                                .in(ids.get(1), ids.get(2), ids.get(5))
                                .and("title")
                                .ne("course 2")),
                        Course.class)
                    .run(BatchFilterTests::markMigrated)));

    runner.upAll();

    assertThat(result.get().processed()).isEqualTo(2);
    assertThat(migratedIds()).containsExactlyInAnyOrder(ids.get(1), ids.get(5));
  }

  @Test
  void aServerSideUpdateMapsTheQueryToo() {
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("courses")
                    .filter(query(where("id").in(ids.get(0), ids.get(9))), Course.class)
                    .batchSize(1)
                    .update(Updates.set("migrated", 1))));

    runner.upAll();

    assertThat(result.get().processed()).isEqualTo(2);
    assertThat(migratedIds()).containsExactlyInAnyOrder(ids.get(0), ids.get(9));
  }

  @Test
  void aFilterThatMatchesNothingIsAWarningThatNamesIt() {
    AtomicReference<BatchResult> result = new AtomicReference<>();
    register(
        ctx ->
            result.set(
                ctx.batch("courses")
                    .filter(query(where("title").is("course 3")))
                    .run(BatchFilterTests::markMigrated)));

    runner.upAll();

    assertThat(result.get().processed()).isZero();
    assertThat(runner.getLogs("backfill"))
        .filteredOn(line -> line.level().equals("WARN"))
        .extracting(MigrationLogEntry::message)
        .containsExactly(
            "backfill/courses: the filter {\"title\": \"course 3\"} matched no document; check its"
                + " field names and value types (pass the entity class to filter(query, type) to"
                + " map property names as MongoTemplate does)");
  }

  @Test
  void aFilterThatMatchesNothingInAServerSideDeleteIsAWarningToo() {
    register(ctx -> ctx.batch("courses").filter(Filters.eq("_id", ids.get(0))).delete());

    runner.upAll();

    assertThat(db.database().getCollection("courses").countDocuments()).isEqualTo(10);
    assertThat(runner.getLogs("backfill"))
        .filteredOn(line -> line.level().equals("WARN"))
        .extracting(MigrationLogEntry::message)
        .singleElement()
        .asString()
        .startsWith("backfill/courses: the filter {\"_id\": \"" + ids.get(0) + "\"} matched no");
  }

  private List<String> migratedIds() {
    List<String> migrated = new ArrayList<>();
    db.database()
        .getCollection("courses")
        .find(Filters.eq("migrated", 1))
        .forEach(course -> migrated.add(course.getObjectId("_id").toHexString()));
    return migrated;
  }

  private void register(TestMigration.Step up) {
    runner.register(TestMigration.of("backfill", 1, up, ctx -> {}).nonTransactional());
  }

  private static List<UpdateOneModel<Document>> markMigrated(Document course) {
    return List.of(
        new UpdateOneModel<>(Filters.eq("_id", course.get("_id")), Updates.set("migrated", 1)));
  }
}
