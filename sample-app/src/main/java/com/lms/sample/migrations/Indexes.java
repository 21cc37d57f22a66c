package com.lms.sample.migrations;

import com.lms.migrations.MigrationContext;
import org.springframework.data.mongodb.core.index.IndexOperations;

/** Index helpers shared by the migrations. */
final class Indexes {

  private Indexes() {}

  /** Drops an index by name, so that a rollback also works when the index was never created. */
  static void dropIfPresent(MigrationContext ctx, String collection, String name) {
    IndexOperations indexes = ctx.mongoTemplate().indexOps(collection);
    if (indexes.getIndexInfo().stream().anyMatch(index -> index.getName().equals(name))) {
      indexes.dropIndex(name);
      ctx.log().info("Dropped index {} on {}", name, collection);
    } else {
      ctx.log().warn("Index {} on {} does not exist; nothing to drop", name, collection);
    }
  }
}
