package com.lms.sample.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * v9: upsert the default system permissions. Permissions that already exist are left as they are;
 * the ones this migration creates are marked, so {@code down} removes only those.
 */
@Component
class AddDefaultPermissions implements Migration {

  static final String CREATED_BY = "add_default_permissions";

  static final Map<String, String> PERMISSIONS =
      new TreeMap<>(
          Map.of(
              "course:read", "Read courses",
              "course:create", "Create courses",
              "course:update", "Edit courses",
              "course:delete", "Delete courses",
              "enrollment:read", "Read enrollments",
              "enrollment:manage", "Enroll and unenroll learners",
              "department:manage", "Manage departments",
              "report:read", "Read reports"));

  @Override
  public String name() {
    return "add_default_permissions";
  }

  @Override
  public int version() {
    return 9;
  }

  @Override
  public String description() {
    return "Add the default system permissions";
  }

  @Override
  public void up(MigrationContext ctx) {
    int created = 0;
    for (Map.Entry<String, String> permission : PERMISSIONS.entrySet()) {
      boolean inserted =
          ctx.mongoTemplate()
                  .upsert(
                      query(where("_id").is(permission.getKey())),
                      new Update()
                          .setOnInsert("description", permission.getValue())
                          .setOnInsert("createdBy", CREATED_BY),
                      "permissions")
                  .getUpsertedId()
              != null;
      created += inserted ? 1 : 0;
    }
    ctx.log()
        .info("Created {} permissions; {} already existed", created, PERMISSIONS.size() - created);
  }

  @Override
  public void down(MigrationContext ctx) {
    long removed =
        ctx.mongoTemplate()
            .remove(query(where("createdBy").is(CREATED_BY)), "permissions")
            .getDeletedCount();
    ctx.log().info("Removed the {} permissions this migration created", removed);
  }
}
