package com.lms.migrations.startup;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Direction;
import com.lms.migrations.PlannedMigration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dry run's line names each planned migration and the schema steps known for it. */
class DryRunPlanDescriptionTests {

  @Test
  void theStepsKnownForAPlannedMigrationFollowItsName() {
    String line =
        DefaultMigrationStartupStrategy.describe(
            List.of(
                new PlannedMigration(
                    "add_course_index",
                    1,
                    Direction.UP,
                    List.of(
                        "step 1 (as its last run took it): created index"
                            + " courses.idx_course_department_status")),
                new PlannedMigration("add_course_tags", 3, Direction.UP)));

    assertThat(line)
        .isEqualTo(
            "up v1 add_course_index [step 1 (as its last run took it): created index"
                + " courses.idx_course_department_status], up v3 add_course_tags");
  }
}
