package com.lms.sample.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import java.math.BigDecimal;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.core.schema.JsonSchemaObject;
import org.springframework.stereotype.Component;

/**
 * v7: string credits become numbers. Values that are not numbers are left alone and reported. The
 * original string of each converted course is kept aside, so {@code down} restores exactly those
 * courses, byte for byte, and no others.
 */
@Component
class ConvertCreditsToNumber implements Migration {

  /** Where the original strings of converted courses are kept until a rollback or forever. */
  static final String ORIGINALS = "lms_sample_credit_strings";

  @Override
  public String name() {
    return "convert_credits_to_number";
  }

  @Override
  public int version() {
    return 7;
  }

  @Override
  public String description() {
    return "Convert string credits to numbers; report values that are not numbers";
  }

  @Override
  public void up(MigrationContext ctx) {
    MongoTemplate mongo = ctx.mongoTemplate();
    int converted = 0;
    int rejected = 0;
    for (Document course :
        mongo.find(
            query(where("credits").type(JsonSchemaObject.Type.STRING)),
            Document.class,
            "courses")) {
      Object id = course.get("_id");
      String original = course.getString("credits");
      Number number = parse(original);
      if (number == null) {
        rejected++;
        ctx.log()
            .warn(
                "Course {} has credits '{}', which is not a number; left unchanged", id, original);
        continue;
      }
      mongo.save(
          new Document("_id", id).append("original", original).append("converted", number),
          ORIGINALS);
      mongo.updateFirst(
          query(where("_id").is(id).and("credits").is(original)),
          new Update().set("credits", number),
          "courses");
      converted++;
    }
    ctx.log().info("Converted credits of {} courses; {} left unchanged", converted, rejected);
  }

  @Override
  public void down(MigrationContext ctx) {
    MongoTemplate mongo = ctx.mongoTemplate();
    int restored = 0;
    for (Document original : mongo.findAll(Document.class, ORIGINALS)) {
      long modified =
          mongo
              .updateFirst(
                  query(
                      where("_id")
                          .is(original.get("_id"))
                          .and("credits")
                          .is(original.get("converted"))),
                  new Update().set("credits", original.getString("original")),
                  "courses")
              .getModifiedCount();
      if (modified == 1) {
        restored++;
      } else {
        ctx.log()
            .warn(
                "Course {} no longer has credits {}; left as it is",
                original.get("_id"),
                original.get("converted"));
      }
    }
    mongo.dropCollection(ORIGINALS);
    ctx.log().info("Restored the original credits of {} courses", restored);
  }

  private static Number parse(String credits) {
    try {
      BigDecimal value = new BigDecimal(credits.trim());
      if (value.stripTrailingZeros().scale() <= 0) {
        return value.intValueExact();
      }
      return value.doubleValue();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }
}
