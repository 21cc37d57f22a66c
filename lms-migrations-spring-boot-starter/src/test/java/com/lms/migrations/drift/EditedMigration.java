package com.lms.migrations.drift;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;

/**
 * A migration whose code "changes" between two runners: it supplies its own checksum, so a runner
 * built with {@code "v2"} finds the one applied with {@code "v1"} changed ({@code user:v1} against
 * {@code user:v2}). Its {@code up} inserts one document into {@code edited}, so a test can count
 * its runs.
 */
public final class EditedMigration implements Migration {

  private final String name;
  private final int version;
  private final String checksum;

  /**
   * A migration with its own checksum.
   *
   * @param name its name
   * @param version its version
   * @param checksum the text of its checksum, {@code "v1"} or {@code "v2"}
   */
  public EditedMigration(String name, int version, String checksum) {
    this.name = name;
    this.version = version;
    this.checksum = checksum;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public String checksum() {
    return checksum;
  }

  @Override
  public void up(MigrationContext context) {
    context.mongoTemplate().insert(new Document("migration", name), "edited");
  }

  @Override
  public void down(MigrationContext context) {}
}
