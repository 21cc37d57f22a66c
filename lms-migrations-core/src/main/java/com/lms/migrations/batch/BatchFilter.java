package com.lms.migrations.batch;

import com.lms.migrations.MigrationLogger;
import org.bson.BsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.data.mongodb.core.convert.QueryMapper;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.springframework.data.mongodb.core.query.Query;

/**
 * A batch job's filter as the server receives it, and the advice to give when it matches nothing.
 *
 * @param bson the filter, mapped when it came from a Spring Data query
 * @param advice what to check when it matches nothing
 */
record BatchFilter(Bson bson, String advice) {

  /** Every document. */
  static final BatchFilter ALL = new BatchFilter(new BsonDocument(), "");

  private static final String CHECK = "check its field names and value types";

  /** A filter sent as it is, such as {@code Filters.exists("tags", false)}. */
  static BatchFilter of(Bson filter) {
    return new BatchFilter(filter, CHECK);
  }

  /**
   * A Spring Data query's criteria, mapped exactly as {@code MongoTemplate} maps them for the
   * entity (or for a collection without one): property names to field names, string ids to
   * ObjectIds, values through the application's converters.
   */
  static BatchFilter mapped(Query query, @Nullable Class<?> entityClass, MongoConverter converter) {
    MongoPersistentEntity<?> entity =
        entityClass == null ? null : converter.getMappingContext().getPersistentEntity(entityClass);
    Bson mapped = new QueryMapper(converter).getMappedObject(query.getQueryObject(), entity);
    return new BatchFilter(
        mapped,
        entityClass == null
            ? CHECK
                + " (pass the entity class to filter(query, type) to map property names as"
                + " MongoTemplate does)"
            : CHECK);
  }

  /**
   * Warns, in the migration's log, that the filter matched no document: a type mismatch must not
   * look like a job that had nothing left to do.
   *
   * @param matched how many documents the filter matched, in every run of the job
   */
  void warnIfNothingMatched(long matched, String job, MigrationLogger log, CodecRegistry codecs) {
    if (matched > 0) {
      return;
    }
    BsonDocument shown = bson.toBsonDocument(BsonDocument.class, codecs);
    if (shown.isEmpty()) {
      return;
    }
    log.warn("{}: the filter {} matched no document; {}", job, shown.toJson(), advice);
  }
}
