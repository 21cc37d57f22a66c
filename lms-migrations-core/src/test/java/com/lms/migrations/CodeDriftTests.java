package com.lms.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lms.migrations.testing.CompiledClasses;
import com.lms.migrations.testing.MongoDatabaseExtension;
import com.lms.migrations.testing.TestDatabase;
import com.lms.migrations.validation.MigrationValidationException;
import com.lms.migrations.validation.ValidationFinding;
import com.lms.migrations.validation.ValidationPolicy;
import com.lms.migrations.validation.ValidationPolicy.ChecksumCheck;
import com.mongodb.client.MongoCollection;
import java.nio.file.Path;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An applied migration whose code changed is found by every validation; one whose code only looks
 * different (comments, formatting) is not; a record without a fingerprint adopts one quietly; an
 * operator accepts an intended change without running anything.
 */
@ExtendWith(MongoDatabaseExtension.class)
class CodeDriftTests {

  private static final String SOURCE =
      """
      package drift;

      public class AddCourseTags implements com.lms.migrations.Migration {
        public String name() { return "add_course_tags"; }
        public int version() { return 1; }
        public void up(com.lms.migrations.MigrationContext ctx) {
          ctx.mongoTemplate().getCollection("courses").insertOne(new org.bson.Document("tag", "TAG"));
        }
        public void down(com.lms.migrations.MigrationContext ctx) {}
      }
      """;

  @TempDir Path classes;
  private TestDatabase db;

  @BeforeEach
  void applyTheFirstVersion(TestDatabase db) {
    this.db = db;
    runner(version("first", "a"), ValidationPolicy.strict()).validateAndUpTo(Integer.MAX_VALUE);
  }

  @Test
  void anEditedMigrationIsAnErrorInEveryValidationAndNothingRuns() {
    MigrationRunner edited = runner(version("edited", "b"), ValidationPolicy.strict());

    ValidationFinding finding = onlyFinding(edited.validate().findings());
    assertThat(finding.kind()).isEqualTo(ValidationFinding.Kind.CHANGED);
    assertThat(finding.isError()).isTrue();
    assertThat(finding.recorded()).isEqualTo(recordedChecksum()).startsWith("sha256:");
    assertThat(finding.local()).startsWith("sha256:").isNotEqualTo(finding.recorded());
    assertThat(finding.fact())
        .startsWith("Migration 'add_course_tags' (version 1) changed since it was applied at ")
        .contains(" by ")
        .contains("(pid ");
    assertThat(finding.fix()).contains("acceptChange(\"add_course_tags\")");
    assertThat(edited.info().validation().findings()).containsExactly(finding);
    assertThatThrownBy(() -> edited.validateAndUpTo(Integer.MAX_VALUE))
        .isInstanceOf(MigrationValidationException.class)
        .hasMessageContaining("changed since it was applied");
    assertThat(courses().countDocuments()).isEqualTo(1);
  }

  @Test
  void aChangeOfCommentsAndFormattingIsNoChange() {
    String reformatted =
        "// a comment\n\n"
            + SOURCE
                .replace(
                    "public int version()", "\n\n  /** The version. */\n  public int version()")
                .replace("first", "first");
    MigrationRunner same =
        runner(
            CompiledClasses.instantiate(
                CompiledClasses.compile(
                    reformatted.replace("TAG", "a"), classes.resolve("reformatted"), "-g:none"),
                "drift.AddCourseTags",
                Migration.class),
            ValidationPolicy.strict());

    assertThat(same.validate().findings()).isEmpty();
  }

  @Test
  void underWarnTheChangeIsAWarningAndMigrationsRun() {
    MigrationRunner edited =
        runner(version("edited", "b"), ValidationPolicy.strict().withChecksums(ChecksumCheck.WARN));

    assertThat(onlyFinding(edited.validate().findings()).isError()).isFalse();
    assertThat(edited.validateAndUpTo(Integer.MAX_VALUE)).isEmpty();
    assertThat(recordedChecksum()).isEqualTo(onlyFinding(edited.validate().findings()).recorded());
  }

  @Test
  void offChecksNothing() {
    MigrationRunner edited =
        runner(version("edited", "b"), ValidationPolicy.strict().withChecksums(ChecksumCheck.OFF));

    assertThat(edited.validate().findings()).isEmpty();
  }

  @Test
  void acceptingAChangeRecordsTheNewFingerprintWithWhoAskedAndRunsNothing() {
    MigrationRunner edited = runner(version("edited", "b"), ValidationPolicy.strict());
    String current = onlyFinding(edited.validate().findings()).local();

    // tag::accept-change[]
    MigrationStatus status = edited.onBehalfOf("alice").acceptChange("add_course_tags");
    // end::accept-change[]

    assertThat(status.status()).isEqualTo(MigrationState.COMPLETED);
    assertThat(recordedChecksum()).isEqualTo(current);
    assertThat(edited.validate().findings()).isEmpty();
    assertThat(edited.getHistory("add_course_tags"))
        .extracting(MigrationHistoryEntry::action, MigrationHistoryEntry::principal)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("UP", null),
            org.assertj.core.groups.Tuple.tuple("CHANGE_ACCEPTED", "alice"));
    assertThat(edited.getHistory("add_course_tags").get(1).checksum()).isEqualTo(current);
    assertThat(courses().countDocuments()).as("nothing ran").isEqualTo(1);
  }

  @Test
  void onlyAnAppliedMigrationsChangeCanBeAccepted() {
    MigrationRunner edited = runner(version("edited", "b"), ValidationPolicy.strict());
    edited.down("add_course_tags");

    assertThatThrownBy(() -> edited.acceptChange("add_course_tags"))
        .isInstanceOf(MigrationNotAppliedException.class)
        .hasMessage(
            "Cannot accept a change of migration 'add_course_tags': it is PENDING, not applied."
                + " Its code's fingerprint is recorded when it is applied, so there is no change"
                + " to accept.");
  }

  @Test
  void aRecordFromBeforeFingerprintsAdoptsOneQuietlyAtTheNextStart() {
    statuses()
        .updateOne(
            new Document("_id", "add_course_tags"),
            new Document("$unset", new Document("checksum", "").append("classFileVersion", "")));
    MigrationRunner edited = runner(version("edited", "b"), ValidationPolicy.strict());

    assertThat(edited.validate().findings()).isEmpty();
    assertThat(edited.validateAndUpTo(Integer.MAX_VALUE)).isEmpty();

    assertThat(recordedChecksum()).startsWith("sha256:");
    assertThat(edited.getHistory("add_course_tags"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP", "CODE_ADOPTED");
    assertThat(edited.validate().findings()).isEmpty();
    edited.validateAndUpTo(Integer.MAX_VALUE);
    assertThat(edited.getHistory("add_course_tags")).as("adopted once").hasSize(2);
  }

  @Test
  void aMigrationRecompiledForAnotherClassFileVersionIsNoChange() {
    statuses()
        .updateOne(
            new Document("_id", "add_course_tags"),
            new Document(
                    "$set",
                    new Document("checksum", "sha256:" + "0".repeat(64))
                        .append("classFileVersion", 55))
                .append("$unset", new Document("classBytes", "")));
    MigrationRunner recompiled = runner(version("same", "a"), ValidationPolicy.strict());

    assertThat(recompiled.validate().findings()).isEmpty();
    recompiled.validateAndUpTo(Integer.MAX_VALUE);

    assertThat(statuses().find().first().getInteger("classFileVersion")).isEqualTo(61);
    assertThat(recompiled.getHistory("add_course_tags"))
        .extracting(MigrationHistoryEntry::action)
        .containsExactly("UP", "RECOMPILED");
  }

  @Test
  void classFilesWithTheRecordedBytesAreNotParsedAgain() {
    // The recorded fingerprint is trusted while the class files are the bytes it was recorded
    // with: a restart of the same build compares sums, and parses nothing.
    statuses()
        .updateOne(
            new Document("_id", "add_course_tags"),
            new Document("$set", new Document("checksum", "sha256:" + "1".repeat(64))));

    assertThat(runner(version("first-again", "a"), ValidationPolicy.strict()).validate().findings())
        .isEmpty();
    assertThat(runner(version("edited", "b"), ValidationPolicy.strict()).validate().findings())
        .extracting(ValidationFinding::kind)
        .containsExactly(ValidationFinding.Kind.CHANGED);
  }

  @Test
  void aRebuildThatChangedNoCodeRecordsItsClassBytesQuietly() {
    String before = statuses().find().first().getString("classBytes");
    MigrationRunner rebuilt =
        runner(
            CompiledClasses.instantiate(
                CompiledClasses.compile(
                    SOURCE.replace("TAG", "a"), classes.resolve("rebuilt"), "-g:none"),
                "drift.AddCourseTags",
                Migration.class),
            ValidationPolicy.strict());

    rebuilt.validateAndUpTo(Integer.MAX_VALUE);

    assertThat(before).startsWith("crc:");
    assertThat(statuses().find().first().getString("classBytes"))
        .startsWith("crc:")
        .isNotEqualTo(before);
    assertThat(rebuilt.getHistory("add_course_tags")).as("no history entry").hasSize(1);
    assertThat(rebuilt.validate().findings()).isEmpty();
  }

  @Test
  void aChecksumOfItsOwnIsComparedInsteadOfTheCode() {
    MigrationRunner own = runner(withChecksum("v1"), ValidationPolicy.strict());
    own.validateAndUpTo(Integer.MAX_VALUE); // switching to its own checksum adopts it quietly
    assertThat(recordedChecksum()).isEqualTo("user:v1");

    MigrationRunner bumped = runner(withChecksum("v2"), ValidationPolicy.strict());

    ValidationFinding finding = onlyFinding(bumped.validate().findings());
    assertThat(finding.recorded()).isEqualTo("user:v1");
    assertThat(finding.local()).isEqualTo("user:v2");
  }

  private Migration version(String directory, String tag) {
    return CompiledClasses.instantiate(
        CompiledClasses.compile(SOURCE.replace("TAG", tag), classes.resolve(directory)),
        "drift.AddCourseTags",
        Migration.class);
  }

  private static Migration withChecksum(String checksum) {
    return new Migration() {
      @Override
      public String name() {
        return "add_course_tags";
      }

      @Override
      public int version() {
        return 1;
      }

      @Override
      public String checksum() {
        return checksum;
      }

      @Override
      public void up(MigrationContext ctx) {}

      @Override
      public void down(MigrationContext ctx) {}
    };
  }

  private MigrationRunner runner(Migration migration, ValidationPolicy policy) {
    return MigrationRunner.builder(db.template())
        .validationPolicy(policy)
        .migration(migration)
        .build();
  }

  private static ValidationFinding onlyFinding(List<ValidationFinding> findings) {
    assertThat(findings).hasSize(1);
    return findings.get(0);
  }

  private String recordedChecksum() {
    return statuses().find().first().getString("checksum");
  }

  private MongoCollection<Document> statuses() {
    return db.database().getCollection("lms_migrations");
  }

  private MongoCollection<Document> courses() {
    return db.database().getCollection("courses");
  }
}
