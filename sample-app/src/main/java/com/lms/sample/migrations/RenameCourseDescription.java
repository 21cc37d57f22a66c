package com.lms.sample.migrations;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.springframework.stereotype.Component;

/**
 * v6: course {@code description} becomes {@code courseDescription}. A schema step renames it in
 * every course, on the server and in chunks, and renames it back on rollback.
 */
@Component
class RenameCourseDescription implements Migration {

  @Override
  public String name() {
    return "rename_course_description";
  }

  @Override
  public int version() {
    return 6;
  }

  @Override
  public String description() {
    return "Rename course description to courseDescription";
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.schema().renameField("courses", "description", "courseDescription");
  }
}
