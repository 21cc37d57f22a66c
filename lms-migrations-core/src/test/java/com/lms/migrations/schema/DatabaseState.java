package com.lms.migrations.schema;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * What a database holds for the application, to compare before and after a step and its undo: each
 * collection's and view's type and options (validator, view definition), indexes with their
 * options, and documents (compared field by field, in any field order). The library's own
 * collections ({@code lms_}) are left out.
 */
record DatabaseState(Map<String, Collection> collections) {

  record Collection(
      String type, Document options, Map<String, Document> indexes, List<Document> documents) {}

  static DatabaseState of(MongoDatabase database) {
    Map<String, Collection> collections = new TreeMap<>();
    for (Document info : database.listCollections()) {
      String name = info.getString("name");
      if (name.startsWith("lms_") || name.startsWith("system.")) {
        continue;
      }
      String type = info.getString("type");
      Map<String, Document> indexes = new TreeMap<>();
      List<Document> documents = new ArrayList<>();
      if (!"view".equals(type)) {
        database
            .getCollection(name)
            .listIndexes()
            .forEach(i -> indexes.put(i.getString("name"), i));
        database.getCollection(name).find().sort(Sorts.ascending("_id")).into(documents);
      }
      collections.put(
          name, new Collection(type, info.get("options", new Document()), indexes, documents));
    }
    return new DatabaseState(collections);
  }
}
