package com.lms.sample.migrations;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.springframework.stereotype.Component;

/**
 * v1: index courses by department and status, the catalogue's main filter. Made of one schema step,
 * so it has no {@code down}: rolling it back drops the index the step created.
 */
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
  public void up(MigrationContext ctx) {
    ctx.schema()
        .createIndex(
            "courses", Indexes.ascending("department", "status"), new IndexOptions().name(INDEX));
  }
}
