package com.lms.migrations.batch;

import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Converts ids between the Java values the collection's documents hold and raw BSON, with the
 * collection's own codecs: a UUID, for example, is encoded with the client's UUID representation.
 */
record BsonIds(CodecRegistry codecs) {

  BsonValue toBson(Object id) {
    return new Document("_id", id).toBsonDocument(BsonDocument.class, codecs).get("_id");
  }

  @Nullable Object toJava(@Nullable BsonValue id) {
    if (id == null) {
      return null;
    }
    return codecs
        .get(Document.class)
        .decode(
            new BsonDocumentReader(new BsonDocument("_id", id)), DecoderContext.builder().build())
        .get("_id");
  }
}
