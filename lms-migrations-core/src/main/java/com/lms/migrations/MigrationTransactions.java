package com.lms.migrations;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.TransactionOptions;
import com.mongodb.WriteConcern;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides whether a migration runs in a transaction and runs it there. Uses Spring's {@link
 * MongoTransactionManager}, so the application's {@code MongoTemplate} joins the transaction.
 */
final class MigrationTransactions {

  private static final Logger log = LoggerFactory.getLogger(MigrationTransactions.class);

  private final TransactionMode mode;
  private final ServerInfo server;
  private final MongoDatabaseFactory databaseFactory;
  private final Duration commitTimeLimit;
  private volatile TransactionTemplate transactionTemplate;
  private volatile boolean reportedUnavailable;

  /**
   * @param commitTimeLimit the longest a commit may take (the lease: past it, the record would be
   *     fenced off anyway)
   */
  MigrationTransactions(
      TransactionMode mode,
      ServerInfo server,
      MongoDatabaseFactory factory,
      Duration commitTimeLimit) {
    this.mode = mode;
    this.server = server;
    this.databaseFactory = factory;
    this.commitTimeLimit = commitTimeLimit;
  }

  /**
   * Whether this migration should run in a transaction.
   *
   * @throws TransactionsUnavailableException in mode ALWAYS on a server without transactions
   */
  boolean use(Migration migration) {
    if (mode == TransactionMode.NEVER) {
      return false;
    }
    boolean supported = server.supportsTransactions();
    if (!supported) {
      if (mode == TransactionMode.ALWAYS) {
        throw new TransactionsUnavailableException();
      }
      if (!reportedUnavailable) {
        reportedUnavailable = true;
        log.info(
            "This MongoDB server does not support transactions (standalone server);"
                + " migrations run without them");
      }
      return false;
    }
    return migration.transactional();
  }

  void run(boolean inTransaction, Runnable work) {
    if (!inTransaction) {
      work.run();
      return;
    }
    template().executeWithoutResult(status -> work.run());
  }

  private TransactionTemplate template() {
    if (transactionTemplate == null) {
      // The completion record commits with the migration's changes: give it the same guarantees
      // as the library's other writes, whatever the application's defaults.
      TransactionOptions options =
          TransactionOptions.builder()
              .readPreference(ReadPreference.primary())
              .readConcern(ReadConcern.MAJORITY)
              .writeConcern(WriteConcern.MAJORITY)
              .maxCommitTime(commitTimeLimit.toMillis(), TimeUnit.MILLISECONDS)
              .build();
      transactionTemplate =
          new TransactionTemplate(new MongoTransactionManager(databaseFactory, options));
    }
    return transactionTemplate;
  }
}
