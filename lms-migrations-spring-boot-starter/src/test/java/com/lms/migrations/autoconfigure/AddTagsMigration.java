package com.lms.migrations.autoconfigure;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;

/** A well-behaved migration bean. */
class AddTagsMigration implements Migration {

  @Override
  public String name() {
    return "add_tags";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String description() {
    return "Add tags";
  }

  @Override
  public void up(MigrationContext context) {
    context.mongoTemplate().insert(new Document("_id", name()), "effects");
    context.log().info("tagged {} courses", 0);
  }

  @Override
  public void down(MigrationContext context) {
    context.mongoTemplate().remove(new Document("_id", name()), "effects");
  }
}
