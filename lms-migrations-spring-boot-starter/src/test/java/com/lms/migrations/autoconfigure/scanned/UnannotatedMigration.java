package com.lms.migrations.autoconfigure.scanned;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;
import org.springframework.core.env.Environment;

/** A migration shipped without {@code @Component}, found through lms.migrations.scan-packages. */
public class UnannotatedMigration implements Migration {

  private final Environment environment;

  public UnannotatedMigration(Environment environment) {
    this.environment = environment;
  }

  @Override
  public String name() {
    return "from_library_jar";
  }

  @Override
  public int version() {
    return 7;
  }

  @Override
  public void up(MigrationContext context) {
    context
        .mongoTemplate()
        .insert(
            new Document("_id", name()).append("app", environment.getProperty("test.app-name")),
            "effects");
  }

  @Override
  public void down(MigrationContext context) {}
}
