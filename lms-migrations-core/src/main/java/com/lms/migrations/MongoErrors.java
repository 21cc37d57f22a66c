package com.lms.migrations;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;

/** Named checks on server errors, so that no error code appears as a magic number. */
final class MongoErrors {

  private MongoErrors() {}

  static boolean isDuplicateKey(MongoServerException e) {
    return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
  }
}
