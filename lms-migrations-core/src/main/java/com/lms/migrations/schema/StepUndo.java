package com.lms.migrations.schema;

import java.util.Comparator;
import java.util.List;

/** Undoes a migration's recorded steps, newest first, skipping those undone already. */
final class StepUndo {

  private StepUndo() {}

  /**
   * @return how many steps the migration has records of, undone before this call or by it
   */
  static int undoAll(StepWork work, StepLedger ledger) {
    List<StepRecord> records =
        ledger.load().stream()
            .sorted(Comparator.comparingInt(StepRecord::index).reversed())
            .toList();
    for (StepRecord record : records) {
      if (record.state() == StepRecord.State.UNDONE) {
        continue;
      }
      work.ensureOwned();
      String description = undo(work.sizedAs(record), record);
      ledger.save(record.undo(description));
      work.log().info("Undid step {}: {}", record.index(), description);
      work.environment().stepTaken(description);
    }
    return records.size();
  }

  private static String undo(StepWork work, StepRecord record) {
    return switch (record.kind()) {
      case "createIndex" -> IndexSteps.Create.undo(work, record);
      case "dropIndex" -> IndexSteps.Drop.undo(work, record);
      case "hideIndex" -> IndexSteps.Hide.undo(work, record);
      case "setValidator" -> ValidatorStep.undo(work, record);
      case "renameField" -> FieldSteps.Rename.undo(work, record);
      case "addField" -> FieldSteps.Add.undo(work, record);
      case "removeField" -> FieldSteps.Remove.undo(work, record);
      case "createCollection" -> CollectionSteps.Create.undo(work, record);
      case "dropCollection" -> CollectionSteps.Drop.undo(work, record);
      case "createView" -> CollectionSteps.View.undo(work, record);
      default ->
          throw new SchemaStepRefusedException(
              "Cannot undo step "
                  + record.index()
                  + " of migration '"
                  + work.migration()
                  + "': its kind '"
                  + record.kind()
                  + "' was recorded by a newer lms-migrations; roll back with that version");
    };
  }
}
