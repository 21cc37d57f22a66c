package com.lms.migrations.guide;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;

/** The schema steps page's two releases that retire an index with an instant way back. */
final class HideThenDropIndex {

  private HideThenDropIndex() {}

  // tag::hide-then-drop[]
  /** Release 1: the planner stops using the index; MongoDB keeps it up to date. */
  static class HideCourseTitleIndex implements Migration {
    public String name() {
      return "hide_course_title_index";
    }

    public int version() {
      return 8;
    }

    public void up(MigrationContext ctx) {
      ctx.schema().hideIndex("courses", "title_1"); // rolled back: unhidden at once
    }
  }

  /** Release 2, once nothing got slower: drop it (rolled back: rebuilt from its recorded spec). */
  static class DropCourseTitleIndex implements Migration {
    public String name() {
      return "drop_course_title_index";
    }

    public int version() {
      return 9;
    }

    public void up(MigrationContext ctx) {
      ctx.schema().dropIndex("courses", "title_1");
    }
  }
  // end::hide-then-drop[]
}
