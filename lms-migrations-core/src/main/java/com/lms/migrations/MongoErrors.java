package com.lms.migrations;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoServerException;

/** Named checks on server errors, so that no error code appears as a magic number. */
final class MongoErrors {

  private MongoErrors() {}

  static boolean isDuplicateKey(MongoServerException e) {
    return ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY;
  }

  /**
   * Whether the failure, or one of its causes, is the server refusing an operation inside a
   * transaction (such as creating an index on an existing collection).
   */
  static boolean isNotAllowedInTransaction(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof MongoServerException server
          && "OperationNotSupportedInTransaction".equals(server.getErrorCodeName())) {
        return true;
      }
    }
    return false;
  }
}
