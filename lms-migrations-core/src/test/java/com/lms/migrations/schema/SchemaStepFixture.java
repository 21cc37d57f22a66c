package com.lms.migrations.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.MigrationLogEntry;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Each schema step and its undo, checked by what the database holds afterwards: the documents, the
 * indexes with their options, the validator and the views are what they were before. Run against
 * the embedded server and, where it lacks a command, against a real {@code mongod}.
 */
abstract class SchemaStepFixture {

  abstract MongoTemplate template();

  /** Whether the server has {@code collMod}: validators, views and hidden indexes. */
  abstract boolean hasCollMod();

  MongoDatabase database() {
    return template().getDb();
  }

  MongoCollection<Document> courses() {
    return database().getCollection("courses");
  }

  /** A migration made only of steps: it has no down of its own. */
  static Migration stepsOnly(String name, int version, TestMigration.Step up) {
    return new Migration() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int version() {
        return version;
      }

      @Override
      public boolean transactional() {
        return false;
      }

      @Override
      public void up(MigrationContext context) throws Exception {
        up.run(context);
      }
    };
  }

  MigrationRunner runner(Migration... migrations) {
    MigrationRunner runner = new MigrationRunner(template());
    for (Migration migration : migrations) {
      runner.register(migration);
    }
    return runner;
  }

  void insertCourses(int count) {
    List<Document> courses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Document course =
          new Document("_id", i)
              .append("title", "Course " + i)
              .append("departmentId", i % 7)
              .append("status", i % 2 == 0 ? "open" : "closed");
      if (i % 4 == 0) {
        course.append("meta", new Document("owner", "ada").append("tags", List.of("a", i)));
      }
      courses.add(course);
    }
    courses().insertMany(courses);
  }

  /** Applies the migration, checks what it did, rolls it back and checks nothing is left of it. */
  void upThenDownRestores(Migration migration, Runnable whenApplied) {
    DatabaseState before = DatabaseState.of(database());
    MigrationRunner runner = runner(migration);

    runner.upAll();
    assertThat(state(runner, migration.name())).isEqualTo(MigrationState.COMPLETED);
    whenApplied.run();

    runner.down(migration.name());
    assertThat(state(runner, migration.name())).isEqualTo(MigrationState.PENDING);
    assertThat(DatabaseState.of(database())).isEqualTo(before);
    assertThat(database().listCollectionNames().into(new ArrayList<>()))
        .noneMatch(name -> name.startsWith("lms_backup_"));
  }

  static MigrationState state(MigrationRunner runner, String migration) {
    return runner.getStatus(migration).orElseThrow().status();
  }

  List<String> logs(MigrationRunner runner, String migration) {
    return runner.getLogs(migration).stream().map(MigrationLogEntry::message).toList();
  }

  Document index(String collection, String name) {
    for (Document index : database().getCollection(collection).listIndexes()) {
      if (index.getString("name").equals(name)) {
        return index;
      }
    }
    return null;
  }
}
