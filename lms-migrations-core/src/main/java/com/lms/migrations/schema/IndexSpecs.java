package com.lms.migrations.schema;

import com.mongodb.client.model.IndexOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Index specifications as {@code listIndexes} shows them, and whether two are the same index. */
final class IndexSpecs {

  /** Options that make two indexes over the same keys different indexes; absent means false. */
  private static final List<String> FLAGS = List.of("unique", "sparse", "hidden");

  /** Options that must be equal when either index has them. */
  private static final List<String> EXACT =
      List.of("expireAfterSeconds", "partialFilterExpression");

  private IndexSpecs() {}

  /** The name MongoDB gives an index that is not named: {@code dept_1_status_1}. */
  static String defaultName(BsonDocument keys) {
    StringBuilder name = new StringBuilder();
    keys.forEach(
        (field, direction) -> {
          if (name.length() > 0) {
            name.append('_');
          }
          name.append(field).append('_').append(text(direction));
        });
    return name.toString();
  }

  /** The spec an index created with these keys and options is listed with, as far as set. */
  static BsonDocument requested(BsonDocument keys, String name, IndexOptions options) {
    Document spec = new Document("key", keys).append("name", name);
    putIf(spec, "unique", options.isUnique());
    putIf(spec, "sparse", options.isSparse());
    putIf(spec, "hidden", options.isHidden());
    Long expireAfter = options.getExpireAfter(TimeUnit.SECONDS);
    if (expireAfter != null) {
      spec.append("expireAfterSeconds", expireAfter);
    }
    append(spec, "partialFilterExpression", options.getPartialFilterExpression());
    append(spec, "weights", options.getWeights());
    if (options.getDefaultLanguage() != null) {
      spec.append("default_language", options.getDefaultLanguage());
    }
    if (options.getLanguageOverride() != null) {
      spec.append("language_override", options.getLanguageOverride());
    }
    append(spec, "wildcardProjection", options.getWildcardProjection());
    if (options.getCollation() != null) {
      spec.append("collation", options.getCollation().asDocument());
    }
    return spec.toBsonDocument();
  }

  /**
   * Whether an existing index is the one asked for: the same keys, the same flags, and every option
   * asked for set to the same value (the server fills in defaults the request left out).
   */
  static boolean same(BsonDocument requested, BsonDocument existing) {
    if (!requested.get("key").equals(existing.get("key"))) {
      return false;
    }
    for (String flag : FLAGS) {
      if (flag(requested, flag) != flag(existing, flag)) {
        return false;
      }
    }
    for (String option : EXACT) {
      if (!sameValue(requested.get(option), existing.get(option))) {
        return false;
      }
    }
    for (String option : requested.keySet()) {
      if (!option.equals("key")
          && !FLAGS.contains(option)
          && !EXACT.contains(option)
          && !sameOption(requested.get(option), existing.get(option))) {
        return false;
      }
    }
    return true;
  }

  /** The spec without what the server adds to every listing (its version, the namespace). */
  static BsonDocument forRecreation(Document listed) {
    BsonDocument spec = listed.toBsonDocument();
    spec.remove("ns");
    return spec;
  }

  private static boolean sameOption(BsonValue requested, BsonValue existing) {
    if (requested.isDocument() && existing != null && existing.isDocument()) {
      // A collation or weights as asked; the server lists every field, defaults included.
      BsonDocument listed = existing.asDocument();
      return requested.asDocument().entrySet().stream()
          .allMatch(e -> sameValue(e.getValue(), listed.get(e.getKey())));
    }
    return sameValue(requested, existing);
  }

  private static boolean sameValue(BsonValue a, BsonValue b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.asNumber().doubleValue() == b.asNumber().doubleValue();
    }
    return a.equals(b);
  }

  private static boolean flag(BsonDocument spec, String flag) {
    BsonValue value = spec.get(flag);
    return value != null
        && (value.isBoolean()
            ? value.asBoolean().getValue()
            : value.isNumber() && value.asNumber().doubleValue() != 0);
  }

  private static void putIf(Document spec, String flag, boolean set) {
    if (set) {
      spec.append(flag, true);
    }
  }

  private static void append(Document spec, String option, Bson value) {
    if (value != null) {
      spec.append(option, value.toBsonDocument());
    }
  }

  private static String text(BsonValue direction) {
    if (direction.isString()) {
      return direction.asString().getValue();
    }
    if (direction.isNumber()) {
      double number = direction.asNumber().doubleValue();
      return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }
    return direction.toString();
  }
}
