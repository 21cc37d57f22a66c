package com.example.environment;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** Sample data, only where {@code lms.test.sample-data=true}. */
@Component
@ConditionalOnProperty(name = "lms.test.sample-data", havingValue = "true")
class SampleDataMigration implements Migration {

  @Override
  public String name() {
    return "seed_sample_data";
  }

  @Override
  public int version() {
    return 3;
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.mongoTemplate().insert(new Document("_id", "sample"), "samples");
  }

  @Override
  public void down(MigrationContext ctx) {
    ctx.mongoTemplate().getCollection("samples").deleteOne(new Document("_id", "sample"));
  }
}
