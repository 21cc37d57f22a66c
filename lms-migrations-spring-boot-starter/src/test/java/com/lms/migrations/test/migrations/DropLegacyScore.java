package com.lms.migrations.test.migrations;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;

/** v3: removes the legacy {@code score}, and cannot bring it back: not reversible. */
public class DropLegacyScore implements Migration {

  @Override
  public String name() {
    return "drop_legacy_score";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.mongoTemplate()
        .getCollection("learners")
        .updateMany(new Document(), new Document("$unset", new Document("score", "")));
  }

  @Override
  public void down(MigrationContext ctx) {}
}
