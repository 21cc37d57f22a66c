package com.lms.migrations;

/** Transactions were required ({@link TransactionMode#ALWAYS}) but the server has none. */
public class TransactionsUnavailableException extends MigrationException {

  TransactionsUnavailableException() {
    super(
        ErrorCode.TRANSACTIONS_UNAVAILABLE,
        "Transactions are required (transaction mode ALWAYS) but this MongoDB server does not"
            + " support them: they need a replica set or a sharded cluster. Use transaction mode"
            + " AUTO or NEVER, or run MongoDB as a replica set.");
  }
}
