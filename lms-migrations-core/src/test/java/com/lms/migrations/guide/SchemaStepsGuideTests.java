package com.lms.migrations.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMongo;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The migrations of the schema steps page do what the page says. */
@ExtendWith(MongoDatabaseExtension.class)
class SchemaStepsGuideTests {

  @Test
  void aMixedMigrationUndoesItsOwnCodeThenItsSteps(TestDatabase db) {
    db.database()
        .getCollection("courses")
        .insertMany(
            List.of(
                new Document("_id", 1).append("dept", "CS"),
                new Document("_id", 2).append("dept", "MATH")));
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(new AddDepartments());

    runner.upAll();
    assertThat(db.database().getCollection("departments").countDocuments()).isEqualTo(2);
    assertThat(db.database().getCollection("courses").countDocuments(Filters.exists("dept")))
        .isZero();

    runner.down("add_departments");

    assertThat(db.database().listCollectionNames().into(new ArrayList<>()))
        .doesNotContain("departments");
    assertThat(db.database().getCollection("courses").countDocuments(Filters.exists("dept")))
        .isEqualTo(2);
  }

  @Test
  void anIndexIsHiddenThenDroppedAndComesBackOnRollback(TestDatabase db) {
    Assumptions.assumeFalse(TestMongo.isEmbedded(), "hidden indexes need MongoDB 4.4");
    db.database().getCollection("courses").createIndex(Indexes.ascending("title"));
    MigrationRunner runner = new MigrationRunner(db.template());
    runner.register(new HideThenDropIndex.HideCourseTitleIndex());
    runner.register(new HideThenDropIndex.DropCourseTitleIndex());

    runner.upAll();
    runner.rollbackTo(0);

    Document index =
        db.database().getCollection("courses").listIndexes().into(new ArrayList<>()).stream()
            .filter(i -> i.getString("name").equals("title_1"))
            .findFirst()
            .orElseThrow();
    assertThat(index.getBoolean("hidden", false)).isFalse();
  }
}
