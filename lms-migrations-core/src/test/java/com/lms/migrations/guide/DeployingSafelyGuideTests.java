package com.lms.migrations.guide;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationState;
import com.lms.migrations.deploy.InstancePresence;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The deploying safely page's two releases do what it says. */
@ExtendWith(MongoDatabaseExtension.class)
class DeployingSafelyGuideTests {

  @Test
  void theCopyRunsAtOnceAndTheDropWaitsUntilTheOlderReleaseIsGone(TestDatabase db) {
    db.database()
        .getCollection("courses")
        .insertMany(
            List.of(
                new Document("_id", 1).append("title", "Algebra"),
                new Document("_id", 2).append("title", "Biology")));
    MigrationRunner release15 = new MigrationRunner(db.template());
    release15.register(TestMigration.recording("add_tags", 7));
    release15.register(new RenameAcrossTwoReleases.CopyTitleToName());
    MigrationRunner release16 = new MigrationRunner(db.template());
    release16.register(TestMigration.recording("add_tags", 7));
    release16.register(new RenameAcrossTwoReleases.CopyTitleToName());
    release16.register(new RenameAcrossTwoReleases.DropTitle());

    try (InstancePresence still15 =
        release15.instances().announce("courses", "1.5", Duration.ofSeconds(10))) {
      release15.upAll(); // 1.5 rolls out: the copy runs at once, beside 1.4
      assertThat(db.database().getCollection("courses").countDocuments(Filters.exists("name")))
          .isEqualTo(2);
      release16.upAll(); // 1.6 rolls out while 1.5 instances still serve
      assertThat(db.database().getCollection("courses").countDocuments(Filters.exists("title")))
          .as("1.5 still falls back to it")
          .isEqualTo(2);
      assertThat(release16.getStatus("drop_title").orElseThrow().status())
          .isEqualTo(MigrationState.PENDING);
    }

    release16.upAll();

    assertThat(db.database().getCollection("courses").countDocuments(Filters.exists("title")))
        .isZero();
    release16.rollbackTo(7);
    assertThat(db.database().getCollection("courses").find(Filters.eq("_id", 1)).first())
        .isEqualTo(new Document("_id", 1).append("title", "Algebra"));
  }
}
