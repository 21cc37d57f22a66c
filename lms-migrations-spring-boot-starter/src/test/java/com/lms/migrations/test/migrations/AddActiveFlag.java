package com.lms.migrations.test.migrations;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;

/** v2: every learner without {@code active} gets {@code active: true}; down removes it. */
public class AddActiveFlag implements Migration {

  @Override
  public String name() {
    return "add_active_flag";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.mongoTemplate()
        .getCollection("learners")
        .updateMany(
            new Document("active", new Document("$exists", false)),
            new Document("$set", new Document("active", true).append("activeAdded", true)));
  }

  @Override
  public void down(MigrationContext ctx) {
    ctx.mongoTemplate()
        .getCollection("learners")
        .updateMany(
            new Document("activeAdded", true),
            new Document("$unset", new Document("active", "").append("activeAdded", "")));
  }
}
