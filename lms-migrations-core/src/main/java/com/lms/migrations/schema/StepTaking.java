package com.lms.migrations.schema;

import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;

/**
 * Takes one step: recognises it in the records of an earlier run, records its undo data before
 * acting, acts, and records that it is done.
 */
final class StepTaking {

  private final StepWork work;
  private final StepLedger ledger;
  private final List<StepRecord> earlier;
  private final int index;

  StepTaking(StepWork work, StepLedger ledger, List<StepRecord> earlier, int index) {
    this.work = work;
    this.ledger = ledger;
    this.earlier = earlier;
    this.index = index;
  }

  BsonValue take(Step step) {
    StepRecord record = earlier.stream().filter(r -> r.index() == index).findFirst().orElse(null);
    BsonDocument data;
    if (record != null && record.state() != StepRecord.State.UNDONE) {
      refuseIfChanged(record, step);
      if (record.state() == StepRecord.State.DONE) {
        work.log().info("Step {}: {} (done by an earlier run)", index, record.description());
        return record.data().get("result", BsonNull.VALUE);
      }
      work.log()
          .info("Step {}: carrying on where an earlier run stopped: {}", index, step.intent());
      data = record.data();
    } else {
      data = step.capture(work, work.sideCollection(index, step.collection()));
      work.ensureOwned();
      ledger.save(
          new StepRecord(
              index,
              step.kind(),
              step.collection(),
              step.subject(),
              StepRecord.State.STARTED,
              step.intent(),
              data,
              null));
    }
    if (work.environment().inTransaction()) {
      work.log()
          .info(
              "Step {}: {} outside the migration's transaction (MongoDB does not allow it in one)",
              index,
              step.intent());
    }
    work.ensureOwned();
    Step.Outcome outcome = step.apply(work, data);
    BsonDocument done = data.clone().append("result", outcome.result());
    ledger.save(
        new StepRecord(
            index,
            step.kind(),
            step.collection(),
            step.subject(),
            StepRecord.State.DONE,
            outcome.description(),
            done,
            null));
    work.log().info("Step {}: {}", index, outcome.description());
    work.environment().stepTaken(outcome.description());
    return outcome.result();
  }

  private void refuseIfChanged(StepRecord record, Step step) {
    if (!record.kind().equals(step.kind())
        || !record.collection().equals(step.collection())
        || !record.subject().equals(step.subject())) {
      throw new SchemaStepRefusedException(
          "Step "
              + index
              + " of migration '"
              + work.migration()
              + "' was '"
              + record.what()
              + "' in an earlier run that did not finish, and is now '"
              + step.kind()
              + " "
              + step.collection()
              + (step.subject().isEmpty() ? "" : "." + step.subject())
              + "'. Roll the migration back first (its rollback undoes the steps taken), then"
              + " change its steps");
    }
  }
}
