package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.testing.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.mongodb.core.MongoTemplate;

@ExtendWith(MongoDatabaseExtension.class)
class MongoTemplatesTests {

  @Test
  void aTemplateOnItsOwnDatabaseIsReturnedAsIs(TestDatabase db) {
    assertThat(MongoTemplates.forDatabase(db.template(), db.name())).isSameAs(db.template());
  }

  @Test
  void anotherDatabaseOfTheSameConnectionIsReadAndWrittenThere(TestDatabase db) {
    String other = db.name() + "_other";
    try {
      MongoTemplate template = MongoTemplates.forDatabase(db.template(), other);
      template.insert(new Document("_id", "c1"), "courses");

      assertThat(template.getDb().getName()).isEqualTo(other);
      assertThat(TestMongo.client().getDatabase(other).getCollection("courses").countDocuments())
          .isEqualTo(1);
      assertThat(db.database().listCollectionNames()).isEmpty();
    } finally {
      TestMongo.client().getDatabase(other).drop();
    }
  }

  @Test
  void aNameMongoDbWouldRefuseIsRefusedBeforeAnythingIsSent(TestDatabase db) {
    assertThatThrownBy(() -> MongoTemplates.forDatabase(db.template(), "school.b"))
        .isInstanceOf(InvalidDatabaseNameException.class)
        .hasMessageStartingWith(
            "'school.b' is not a valid MongoDB database name: it contains '.'.");
  }
}
