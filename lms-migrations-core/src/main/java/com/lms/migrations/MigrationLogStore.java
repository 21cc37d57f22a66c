package com.lms.migrations;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Keeps the newest log lines of each migration, one document per migration in its own collection,
 * so that log writes never conflict with a migration's transaction on its status. Each line is
 * capped at {@value BoundedText#MAX_CHARS} characters, so the document stays far below MongoDB's
 * size limit however much a migration logs.
 */
final class MigrationLogStore {

  private static final String LINES = "lines";

  private final LibraryCollections direct;
  private final String collection;
  private final int limit;

  MigrationLogStore(LibraryCollections direct, String collection, int limit) {
    this.direct = direct;
    this.collection = collection;
    this.limit = limit;
  }

  void append(String migrationName, MigrationLogEntry entry) {
    Document line =
        new Document("timestamp", Date.from(entry.timestamp()))
            .append("level", entry.level())
            .append("message", BoundedText.cap(entry.message()));
    logs()
        .updateOne(
            eq("_id", migrationName),
            Updates.pushEach(LINES, List.of(line), new PushOptions().slice(-limit)),
            new UpdateOptions().upsert(true));
  }

  List<MigrationLogEntry> find(String migrationName) {
    Document document = logs().find(eq("_id", migrationName)).first();
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

  private MongoCollection<Document> logs() {
    return direct.of(collection);
  }
}
