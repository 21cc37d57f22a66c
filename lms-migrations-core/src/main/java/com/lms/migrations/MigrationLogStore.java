package com.lms.migrations;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Keeps the newest log lines of each migration, one document per migration in its own collection,
 * so that log writes never conflict with a migration's transaction on its status.
 */
final class MigrationLogStore {

  private static final String LINES = "lines";

  private final MongoTemplate direct;
  private final String collection;
  private final int limit;

  MigrationLogStore(MongoTemplate direct, String collection, int limit) {
    this.direct = direct;
    this.collection = collection;
    this.limit = limit;
  }

  void append(String migrationName, MigrationLogEntry entry) {
    Document line =
        new Document("timestamp", Date.from(entry.timestamp()))
            .append("level", entry.level())
            .append("message", entry.message());
    Update update = new Update();
    update.push(LINES).slice(-limit).each(line);
    direct.upsert(query(where("_id").is(migrationName)), update, collection);
  }

  List<MigrationLogEntry> find(String migrationName) {
    Document document =
        direct.findOne(query(where("_id").is(migrationName)), Document.class, collection);
    if (document == null) {
      return List.of();
    }
    return document.getList(LINES, Document.class, List.of()).stream()
        .map(
            line ->
                new MigrationLogEntry(
                    line.getDate("timestamp").toInstant(),
                    line.getString("level"),
                    line.getString("message")))
        .toList();
  }
}
