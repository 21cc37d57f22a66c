package com.lms.migrations.test.slice;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import org.bson.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** v1: the catalog document. */
@Component
class CreateCatalog implements Migration {

  @Override
  public String name() {
    return "create_catalog";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public void up(MigrationContext ctx) {
    ctx.mongoTemplate().save(new Document("_id", "catalog").append("title", "Courses"), "catalog");
  }

  @Override
  public void down(MigrationContext ctx) {
    ctx.mongoTemplate().remove(Query.query(Criteria.where("_id").is("catalog")), "catalog");
  }
}
