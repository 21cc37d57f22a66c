package com.lms.migrations.guide;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The large-data page's backup: credits written as strings become numbers, which the data alone
 * cannot undo.
 */
@Component
class ConvertCredits implements Migration {
  public String name() {
    return "convert_credits";
  }

  public int version() {
    return 4;
  }

  public boolean transactional() {
    return false;
  }

  // tag::backup-and-restore[]
  public void up(MigrationContext ctx) throws Exception {
    Bson stringCredits = Filters.type("credits", "string");
    ctx.backup("courses", stringCredits); // whole documents
    ctx.batch("courses").filter(stringCredits).run(course -> List.of(creditsAsNumber(course)));
  }

  public void down(MigrationContext ctx) throws Exception {
    ctx.restore("courses"); // puts every backed up document back exactly, then drops the backup
  }

  // end::backup-and-restore[]

  static UpdateOneModel<Document> creditsAsNumber(Document course) {
    int credits = Integer.parseInt(course.getString("credits"));
    return new UpdateOneModel<>(
        Filters.eq("_id", course.get("_id")), Updates.set("credits", credits));
  }
}
