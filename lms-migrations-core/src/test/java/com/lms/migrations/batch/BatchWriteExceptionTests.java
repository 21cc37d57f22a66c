package com.lms.migrations.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.WriteConcernError;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class BatchWriteExceptionTests {

  @Test
  void aBatchRefusedOnlyByItsWriteConcernReportsTheServersCodeAndMessage() {
    MongoBulkWriteException refused =
        new MongoBulkWriteException(
            BulkWriteResult.acknowledged(0, 10, 0, 10, List.of(), List.of()),
            List.of(),
            new WriteConcernError(
                64, "WriteConcernFailed", "waiting for replication timed out", new BsonDocument()),
            new ServerAddress(),
            Set.of());

    BatchWriteException e =
        BatchWriteException.of("backfill/enrollments", refused, index -> index, 999);

    assertThat(e)
        .hasMessage(
            "Batch job 'backfill/enrollments': MongoDB did not confirm a batch with the requested"
                + " write concern (error 64 WriteConcernFailed: waiting for replication timed out);"
                + " its writes may or may not have reached a majority. Earlier batches are written"
                + " and checkpointed (up to _id=999); fix the cause and run the migration again to"
                + " resume from there.");
    assertThat(e.getDocumentId()).isNull();
  }
}
