package com.lms.sample.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** v8: make sure the "Master Department" exists. */
@Component
class BackfillDepartmentMaster implements Migration {

  static final String ID = "dep-master";

  @Override
  public String name() {
    return "backfill_department_master";
  }

  @Override
  public int version() {
    return 8;
  }

  @Override
  public String description() {
    return "Ensure the Master Department exists";
  }

  @Override
  public void up(MigrationContext ctx) {
    boolean created =
        ctx.mongoTemplate()
                .upsert(
                    query(where("_id").is(ID)),
                    new Update()
                        .setOnInsert("code", "MASTER")
                        .setOnInsert("name", "Master Department"),
                    "departments")
                .getUpsertedId()
            != null;
    ctx.log()
        .info(created ? "Created the Master Department" : "The Master Department already exists");
  }

  @Override
  public void down(MigrationContext ctx) {
    ctx.log()
        .info(
            "Keeping the Master Department: courses and users may refer to it by now, and an extra"
                + " department does no harm to the previous version. Delete {} by hand if needed",
            ID);
  }
}
