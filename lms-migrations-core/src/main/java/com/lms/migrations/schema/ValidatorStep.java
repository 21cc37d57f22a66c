package com.lms.migrations.schema;

import com.mongodb.client.model.ValidationAction;
import com.mongodb.client.model.ValidationLevel;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;

/**
 * Sets a collection's validator with its level and action; undone by restoring the validator, level
 * and action recorded before, none included.
 */
record ValidatorStep(
    String collection, BsonDocument validator, ValidationLevel level, ValidationAction action)
    implements Step {

  private static final String VALIDATOR = "validator";
  private static final String LEVEL = "validationLevel";
  private static final String ACTION = "validationAction";

  @Override
  public String kind() {
    return "setValidator";
  }

  @Override
  public String subject() {
    return "";
  }

  @Override
  public String intent() {
    return "set the validator of " + collection;
  }

  @Override
  public BsonDocument capture(StepWork work, String side) {
    work.requireCollMod("setting the validator of " + collection, "3.6");
    Document options =
        work.collectionInfo(collection)
            .orElseThrow(
                () ->
                    new SchemaStepRefusedException(
                        "Cannot set the validator of "
                            + collection
                            + ": there is no such collection (create it in an earlier step)"))
            .get("options", new Document());
    BsonDocument previous = options.toBsonDocument();
    return new BsonDocument(VALIDATOR, previous.get(VALIDATOR, BsonNull.VALUE))
        .append(LEVEL, previous.get(LEVEL, BsonNull.VALUE))
        .append(ACTION, previous.get(ACTION, BsonNull.VALUE));
  }

  @Override
  public Outcome apply(StepWork work, BsonDocument data) {
    work.collMod(
        collection,
        new Document(VALIDATOR, validator)
            .append(LEVEL, level.getValue())
            .append(ACTION, action.getValue()));
    return new Outcome(
        "set the validator of "
            + collection
            + " (level "
            + level.getValue()
            + ", action "
            + action.getValue()
            + "; was: "
            + describe(data)
            + ")",
        BsonNull.VALUE);
  }

  static String undo(StepWork work, StepRecord record) {
    BsonDocument previous = record.data();
    if (!work.exists(record.collection())) {
      return "collection " + record.collection() + " is gone: no validator to restore";
    }
    work.requireCollMod("restoring the validator of " + record.collection(), "3.6");
    work.ensureOwned();
    work.collMod(
        record.collection(),
        new Document(VALIDATOR, orElse(previous.get(VALIDATOR), new BsonDocument()))
            .append(LEVEL, orElse(previous.get(LEVEL), new BsonString("strict")))
            .append(ACTION, orElse(previous.get(ACTION), new BsonString("error"))));
    return "restored the validator of "
        + record.collection()
        + " (was: "
        + describe(previous)
        + ")";
  }

  private static String describe(BsonDocument previous) {
    BsonValue validator = previous.get(VALIDATOR);
    if (validator == null || validator.isNull() || validator.asDocument().isEmpty()) {
      return "none";
    }
    return validator.asDocument().toJson()
        + ", level "
        + text(previous.get(LEVEL), "strict")
        + ", action "
        + text(previous.get(ACTION), "error");
  }

  private static String text(BsonValue value, String otherwise) {
    return value == null || value.isNull() ? otherwise : value.asString().getValue();
  }

  private static BsonValue orElse(BsonValue value, BsonValue otherwise) {
    return value == null || value.isNull() ? otherwise : value;
  }
}
