package com.example.environment;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Demo data, only where the {@code demo} profile is active. */
// tag::demo[]
@Component
@Profile("demo")
class DemoSeedMigration implements Migration {

  @Override
  public String name() {
    return "seed_demo_courses";
  }

  @Override
  public int version() {
    return 2;
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.mongoTemplate().insert(new Document("_id", "demo-course"), "courses");
  }

  @Override
  public void down(MigrationContext ctx) {
    ctx.mongoTemplate().getCollection("courses").deleteOne(new Document("_id", "demo-course"));
  }
}
// end::demo[]
