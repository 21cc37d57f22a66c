package com.lms.migrations.batch;

import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Filters for "after this {@code _id}" and "up to this {@code _id}" in sort order. A plain {@code
 * $gt} or {@code $lte} only compares values of the same type, so in a collection whose ids mix
 * types (numbers and strings, say) it would silently skip every id of another type.
 */
final class IdOrder {

  /** BSON types that can be an {@code _id}, in MongoDB's sort order, by {@code $type} alias. */
  private static final List<List<String>> SORT_ORDER =
      List.of(
          List.of("minKey"),
          List.of("null"),
          List.of("int", "long", "double", "decimal"),
          List.of("string"), // the deprecated symbol type sorts with strings and is not listed
          List.of("object"),
          List.of("binData"),
          List.of("objectId"),
          List.of("bool"),
          List.of("date"),
          List.of("timestamp"),
          List.of("regex"),
          List.of("maxKey"));

  private IdOrder() {}

  /** Ids that sort after {@code lastId}. */
  static Bson after(BsonValue lastId) {
    String alias = alias(lastId.getBsonType());
    List<Bson> later = new ArrayList<>();
    later.add(Filters.gt("_id", lastId));
    boolean seen = false;
    for (List<String> bracket : SORT_ORDER) {
      if (seen) {
        bracket.forEach(type -> later.add(Filters.type("_id", type)));
      }
      seen = seen || bracket.contains(alias);
    }
    return Filters.or(later);
  }

  /** Ids that sort before {@code bound}, or are equal to it. */
  static Bson atMost(BsonValue bound) {
    String alias = alias(bound.getBsonType());
    List<Bson> earlier = new ArrayList<>();
    earlier.add(Filters.lte("_id", bound));
    for (List<String> bracket : SORT_ORDER) {
      if (bracket.contains(alias)) {
        break;
      }
      bracket.forEach(type -> earlier.add(Filters.type("_id", type)));
    }
    return earlier.size() == 1 ? earlier.get(0) : Filters.or(earlier);
  }

  private static String alias(BsonType type) {
    return switch (type) {
      case MIN_KEY -> "minKey";
      case NULL -> "null";
      case INT32 -> "int";
      case INT64 -> "long";
      case DOUBLE -> "double";
      case DECIMAL128 -> "decimal";
      case SYMBOL, STRING -> "string";
      case DOCUMENT -> "object";
      case BINARY -> "binData";
      case OBJECT_ID -> "objectId";
      case BOOLEAN -> "bool";
      case DATE_TIME -> "date";
      case TIMESTAMP -> "timestamp";
      case REGULAR_EXPRESSION -> "regex";
      case MAX_KEY -> "maxKey";
      default -> throw new IllegalArgumentException("Unsupported _id type " + type);
    };
  }
}
