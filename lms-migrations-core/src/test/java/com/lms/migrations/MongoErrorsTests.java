package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;

class MongoErrorsTests {

  @Test
  void recognisesAnOperationRefusedInsideATransactionThroughWrappers() {
    MongoCommandException refused =
        new MongoCommandException(
            BsonDocument.parse(
                "{ok: 0, code: 263, codeName: 'OperationNotSupportedInTransaction',"
                    + " errmsg: 'Cannot create new indexes on existing collection in a transaction'}"),
            new ServerAddress());

    assertThat(MongoErrors.isNotAllowedInTransaction(refused)).isTrue();
    assertThat(
            MongoErrors.isNotAllowedInTransaction(
                new InvalidDataAccessApiUsageException("wrapped", refused)))
        .isTrue();
  }

  @Test
  void otherServerErrorsAreNotRetriedWithoutATransaction() {
    MongoCommandException other =
        new MongoCommandException(
            BsonDocument.parse("{ok: 0, code: 11000, codeName: 'DuplicateKey', errmsg: 'dup'}"),
            new ServerAddress());

    assertThat(MongoErrors.isNotAllowedInTransaction(other)).isFalse();
    assertThat(MongoErrors.isNotAllowedInTransaction(new IllegalStateException("boom"))).isFalse();
    assertThat(MongoErrors.isDuplicateKey(other)).isTrue();
  }
}
