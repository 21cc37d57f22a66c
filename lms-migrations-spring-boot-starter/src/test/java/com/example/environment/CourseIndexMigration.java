package com.example.environment;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.mongodb.client.model.Indexes;
import org.springframework.stereotype.Component;

/** Active everywhere. */
@Component
class CourseIndexMigration implements Migration {

  @Override
  public String name() {
    return "index_courses";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.schema().createIndex("courses", Indexes.ascending("title"));
  }
}
