package com.lms.sample.migrations;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** v1: index courses by department and status, the catalogue's main filter. */
@Component
class AddCourseIndex implements Migration {

  static final String INDEX = "idx_course_department_status";

  @Override
  public String name() {
    return "add_course_index";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public String description() {
    return "Index courses by department and status";
  }

  @Override
  public boolean transactional() {
    return false;
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.mongoTemplate()
        .indexOps("courses")
        .createIndex(
            new Index().on("department", Direction.ASC).on("status", Direction.ASC).named(INDEX));
    ctx.log().info("Created index {} on courses", INDEX);
  }

  @Override
  public void down(MigrationContext ctx) {
    Indexes.dropIfPresent(ctx, "courses", INDEX);
  }
}
