package com.lms.migrations.verify;

import com.lms.migrations.MigrationSettings;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * The documents (every field with its type, in any field order), index definitions and options
 * (validator, view definition) of every collection and view of a database.
 */
record CollectionSnapshot(Map<String, Contents> collections) {

  /**
   * One collection's documents sorted by {@code _id}, its indexes by name, and its options as
   * {@code listCollections} shows them (a view has only options).
   */
  record Contents(
      List<RawBsonDocument> documents, Map<String, Document> indexes, Document options) {}

  static CollectionSnapshot of(MongoDatabase database, Set<String> ignored) {
    Map<String, Contents> collections = new TreeMap<>();
    for (Document info : database.listCollections()) {
      String name = info.getString("name");
      if (ignored.contains(name)
          || name.startsWith(MigrationSettings.BACKUP_PREFIX)
          || name.startsWith("system.")) {
        continue;
      }
      Document options = info.get("options", new Document());
      if ("view".equals(info.getString("type"))) {
        collections.put(name, new Contents(List.of(), Map.of(), options));
        continue;
      }
      List<RawBsonDocument> documents =
          database
              .getCollection(name, RawBsonDocument.class)
              .find()
              .sort(Sorts.ascending("_id"))
              .into(new ArrayList<>());
      Map<String, Document> indexes = new TreeMap<>();
      for (Document index : database.getCollection(name).listIndexes()) {
        // Everything that defines the index (key, unique, sparse, partial filter, TTL...).
        Document definition = new Document(index);
        definition.remove("v");
        definition.remove("ns");
        indexes.put(index.getString("name"), definition);
      }
      // MongoDB creates collections implicitly, so an empty one is the same as none.
      if (!documents.isEmpty() || indexes.size() > 1 || !options.isEmpty()) {
        collections.put(name, new Contents(documents, indexes, options));
      }
    }
    return new CollectionSnapshot(collections);
  }

  /** The collections whose documents or indexes differ between the two snapshots. */
  Set<String> changedSince(CollectionSnapshot before) {
    Set<String> names = new TreeSet<>(collections.keySet());
    names.addAll(before.collections.keySet());
    names.removeIf(name -> Objects.equals(collections.get(name), before.collections.get(name)));
    return names;
  }

  /** Readable differences from an expected snapshot. */
  List<String> differencesFrom(CollectionSnapshot expected) {
    List<String> differences = new ArrayList<>();
    for (String name : changedSince(expected)) {
      Contents now = collections.get(name);
      Contents was = expected.collections.get(name);
      if (was == null) {
        differences.add(name + ": exists now but did not before");
      } else if (now == null) {
        differences.add(name + ": existed before but is gone");
      } else {
        differences.addAll(documentDifferences(name, was.documents(), now.documents()));
        if (!was.indexes().equals(now.indexes())) {
          differences.add(
              name
                  + ": indexes were "
                  + was.indexes().keySet()
                  + ", now "
                  + now.indexes().keySet());
        }
        if (!was.options().equals(now.options())) {
          differences.add(
              name
                  + ": options were "
                  + was.options().toJson()
                  + ", now "
                  + now.options().toJson());
        }
      }
    }
    return differences;
  }

  private static List<String> documentDifferences(
      String collection, List<RawBsonDocument> was, List<RawBsonDocument> now) {
    Map<Object, RawBsonDocument> before = byId(was);
    Map<Object, RawBsonDocument> after = byId(now);
    List<Object> missing = new ArrayList<>();
    List<Object> extra = new ArrayList<>();
    List<Object> changed = new ArrayList<>();
    before.forEach(
        (id, document) -> {
          RawBsonDocument current = after.get(id);
          if (current == null) {
            missing.add(id);
          } else if (!current.equals(document)) {
            changed.add(id);
          }
        });
    after.keySet().stream().filter(id -> !before.containsKey(id)).forEach(extra::add);
    List<String> differences = new ArrayList<>();
    if (!changed.isEmpty()) {
      Object id = changed.get(0);
      differences.add(
          collection
              + ": "
              + changed.size()
              + " documents differ, e.g. _id "
              + describe(id)
              + " was "
              + before.get(id).toJson()
              + ", now "
              + after.get(id).toJson());
    }
    if (!missing.isEmpty()) {
      differences.add(
          collection
              + ": "
              + missing.size()
              + " documents missing, e.g. _id "
              + describe(missing.get(0)));
    }
    if (!extra.isEmpty()) {
      differences.add(
          collection
              + ": "
              + extra.size()
              + " documents added, e.g. _id "
              + describe(extra.get(0)));
    }
    return differences;
  }

  private static String describe(Object id) {
    if (id instanceof BsonValue value) {
      if (value.isString()) {
        return value.asString().getValue();
      }
      String json = new BsonDocument("v", value).toJson();
      return json.substring(json.indexOf(':') + 1, json.length() - 1).trim();
    }
    return String.valueOf(id);
  }

  private static Map<Object, RawBsonDocument> byId(List<RawBsonDocument> documents) {
    Map<Object, RawBsonDocument> byId = new LinkedHashMap<>();
    for (RawBsonDocument document : documents) {
      byId.put(document.get("_id"), document);
    }
    return byId;
  }
}
