package com.lms.migrations.test.migrations;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/** v1: a learner's {@code name} becomes {@code firstName} and {@code lastName}; down joins them. */
public class SplitFullName implements Migration {

  @Override
  public String name() {
    return "split_full_name";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public void up(MigrationContext ctx) {
    MongoTemplate mongo = ctx.mongoTemplate();
    for (Document learner :
        mongo.getCollection("learners").find(new Document("name", new Document("$exists", true)))) {
      String[] parts = learner.getString("name").split(" ", 2);
      mongo
          .getCollection("learners")
          .updateOne(
              new Document("_id", learner.get("_id")),
              new Document("$set", new Document("firstName", parts[0]).append("lastName", parts[1]))
                  .append("$unset", new Document("name", "")));
    }
  }

  @Override
  public void down(MigrationContext ctx) {
    MongoTemplate mongo = ctx.mongoTemplate();
    for (Document learner :
        mongo
            .getCollection("learners")
            .find(new Document("firstName", new Document("$exists", true)))) {
      mongo
          .getCollection("learners")
          .updateOne(
              new Document("_id", learner.get("_id")),
              new Document(
                      "$set",
                      new Document(
                          "name",
                          learner.getString("firstName") + " " + learner.getString("lastName")))
                  .append("$unset", new Document("firstName", "").append("lastName", "")));
    }
  }
}
