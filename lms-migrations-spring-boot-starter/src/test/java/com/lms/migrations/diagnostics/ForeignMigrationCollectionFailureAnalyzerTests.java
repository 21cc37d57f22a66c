package com.lms.migrations.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.lms.migrations.ForeignMigrationCollectionException;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMigration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.diagnostics.FailureAnalysis;

@ExtendWith(MongoDatabaseExtension.class)
class ForeignMigrationCollectionFailureAnalyzerTests {

  @Test
  void namesThePropertyThatPointsAtTheWrongCollection(TestDatabase db) {
    db.template().getCollection("courses").insertOne(new Document("title", "Algebra"));
    MigrationRunner runner =
        MigrationRunner.builder(db.template())
            .settings(MigrationSettings.defaults().withCollection("courses"))
            .migration(TestMigration.recording("one", 1))
            .build();
    ForeignMigrationCollectionException failure =
        catchThrowableOfType(ForeignMigrationCollectionException.class, runner::upAll);

    FailureAnalysis analysis =
        new ForeignMigrationCollectionFailureAnalyzer().analyze(new IllegalStateException(failure));

    assertThat(analysis.getDescription())
        .startsWith("Collection 'courses' holds a document that is not a migration record")
        .contains("Point lms.migrations.collection at a")
        .doesNotContain("MigrationSettings");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Set lms.migrations.collection to a collection used only by lms-migrations (now"
                + " 'courses'); nothing was run or recorded.");
  }
}
