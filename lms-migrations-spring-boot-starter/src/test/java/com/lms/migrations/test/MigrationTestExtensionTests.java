package com.lms.migrations.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationContext;
import com.lms.migrations.test.migrations.AddActiveFlag;
import com.lms.migrations.test.migrations.SplitFullName;
import com.lms.migrations.testing.TestMongo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.data.mongodb.core.MongoTemplate;

/** How the extension behaves around the tests it serves, run through the JUnit test kit. */
class MigrationTestExtensionTests {

  /** Templates on the databases of the last kit run, by test method. */
  static final Map<String, MongoTemplate> seen = new ConcurrentHashMap<>();

  private static final String KIT = "lms.migrations.test.kit";

  @Test
  void givesEachTestADatabaseOfItsOwnAndDropsItAfterTheTest() {
    seen.clear();

    EngineExecutionResults results = execute(TwoTests.class);

    results.testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
    // TwoTests' @AfterAll checks that both databases are gone.
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(seen).containsOnlyKeys("first", "second");
    assertThat(seen.get("first").getDb().getName())
        .isNotEqualTo(seen.get("second").getDb().getName());
  }

  @Test
  void givesTheSameTesterToTheLifecycleMethodsAndTheTest() {
    run(BeforeEachAndTest.class).assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  @Test
  void testsTheMigrationClassesNamedInTheAnnotation() {
    run(NamedClasses.class).assertStatistics(stats -> stats.succeeded(1).failed(0));
  }

  @Test
  void failsWhenNoMigrationIsNamedOutsideASpringTest() {
    assertThat(failure(run(NothingNamed.class)))
        .contains("@MigrationTest on " + NothingNamed.class.getName() + " names no migration")
        .contains("@MigrationTest(migrations = ...) or @MigrationTest(packages = ...)");
  }

  @Test
  void failsNamingAMigrationClassWithoutAConstructorWithoutParameters() {
    assertThat(failure(run(NeedsArguments.class)))
        .contains(
            "@MigrationTest cannot create migration "
                + NeedsParameter.class.getName()
                + ": it has no constructor without parameters");
  }

  @Test
  void failsNamingAPackageWithoutMigrations() {
    assertThat(failure(run(EmptyPackage.class)))
        .contains(
            "@MigrationTest(packages = \"com.lms.migrations.test.nothing\"): no concrete class"
                + " implementing Migration in that package or below");
  }

  @Test
  void usesTheServerNamedByMongodbUri() {
    String name = TestMongo.newDatabaseName("uri");
    try (StandaloneMongo server =
        StandaloneMongo.start(
            variable -> "MONGODB_URI".equals(variable) ? TestMongo.serverUri() : null,
            getClass().getClassLoader())) {
      server.client().getDatabase(name).getCollection("probe").insertOne(new Document());

      assertThat(server.description()).startsWith("the server named by MONGODB_URI (");
      assertThat(server.embedded()).isNull();
      assertThat(TestMongo.client().getDatabase(name).getCollection("probe").countDocuments())
          .isEqualTo(1);
    } finally {
      TestMongo.client().getDatabase(name).drop();
    }
  }

  @Test
  void startsAnInMemoryServerWithoutMongodbUri() {
    try (StandaloneMongo server =
        StandaloneMongo.start(name -> null, getClass().getClassLoader())) {
      assertThat(server.description()).startsWith("the in-memory mongo-java-server on 127.0.0.1:");
      assertThat(server.embedded()).isNotNull();
    }
  }

  @Test
  void failsWithoutAServerNamingTheWaysToGetOne() {
    ClassLoader withoutEmbeddedServer = new FilteredClassLoader("de.bwaldvogel.mongo");

    assertThatThrownBy(() -> StandaloneMongo.start(name -> null, withoutEmbeddedServer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@MigrationTest found no MongoDB to create test databases on")
        .hasMessageContaining("de.bwaldvogel:mongo-java-server")
        .hasMessageContaining("MONGODB_URI")
        .hasMessageContaining("@ServiceConnection");
  }

  @Test
  void refusesADatabaseThatAlreadyHoldsCollectionsAndLeavesItAlone() {
    String name = TestMongo.newDatabaseName("taken");
    TestMongo.client().getDatabase(name).getCollection("courses").insertOne(new Document());

    assertThatThrownBy(() -> TestDatabases.claim(TestMongo.client(), "the test server", name))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "Database '"
                + name
                + "' on the test server already holds collections, so it was not created for this"
                + " test and is left alone. Drop it if an earlier test run left it behind.");
    assertThat(TestMongo.client().getDatabase(name).getCollection("courses").countDocuments())
        .isEqualTo(1);
    TestMongo.client().getDatabase(name).drop();
  }

  private static Events run(Class<?> testClass) {
    return execute(testClass).testEvents();
  }

  private static EngineExecutionResults execute(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(KIT, "true")
        .selectors(selectClass(testClass))
        .execute();
  }

  /** The nested classes below run only through the kit, not on their own in the build. */
  static final class OnlyInTestKit implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(KIT).isPresent()
          ? ConditionEvaluationResult.enabled("run by the test kit")
          : ConditionEvaluationResult.disabled("runs only through the test kit");
    }
  }

  private static String failure(Events tests) {
    List<Event> failed = tests.failed().list();
    assertThat(failed).hasSize(1);
    return failed
        .get(0)
        .getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .map(Throwable::getMessage)
        .orElseThrow();
  }

  @MigrationTest(migrations = SplitFullName.class)
  @ExtendWith(OnlyInTestKit.class)
  static class TwoTests {

    @Test
    void first(MigrationTester db) {
      db.insert("learners", new Document("_id", "a"));
      seen.put("first", db.mongoTemplate());
    }

    @Test
    void second(MigrationTester db) {
      assertThat(db.mongoTemplate().getCollectionNames()).isEmpty();
      db.insert("learners", new Document("_id", "b"));
      seen.put("second", db.mongoTemplate());
    }

    @AfterAll
    static void bothDatabasesAreDropped() {
      assertThat(seen.values())
          .allSatisfy(template -> assertThat(template.getCollectionNames()).isEmpty());
    }
  }

  @MigrationTest(migrations = SplitFullName.class)
  @ExtendWith(OnlyInTestKit.class)
  static class BeforeEachAndTest {

    @BeforeEach
    void fixtures(MigrationTester db) {
      db.insert("learners", new Document("_id", "a").append("name", "Ada Lovelace"));
    }

    @Test
    void seesTheFixtures(MigrationTester db) {
      db.apply(1);
      assertThat(db.documents("learners"))
          .extracting(learner -> learner.get("lastName"))
          .containsExactly("Lovelace");
    }
  }

  @MigrationTest(migrations = {AddActiveFlag.class, SplitFullName.class})
  @ExtendWith(OnlyInTestKit.class)
  static class NamedClasses {

    @Test
    void registersThem(MigrationTester db) {
      assertThat(db.runner().getMigrations()).extracting(Migration::version).containsExactly(1, 2);
    }
  }

  @MigrationTest
  @ExtendWith(OnlyInTestKit.class)
  static class NothingNamed {

    @Test
    void needsMigrations(MigrationTester db) {}
  }

  @MigrationTest(migrations = NeedsParameter.class)
  @ExtendWith(OnlyInTestKit.class)
  static class NeedsArguments {

    @Test
    void needsMigrations(MigrationTester db) {}
  }

  @MigrationTest(packages = "com.lms.migrations.test.nothing")
  @ExtendWith(OnlyInTestKit.class)
  static class EmptyPackage {

    @Test
    void needsMigrations(MigrationTester db) {}
  }

  static class NeedsParameter implements Migration {

    NeedsParameter(String unused) {}

    @Override
    public String name() {
      return "needs_parameter";
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public void up(MigrationContext ctx) {}

    @Override
    public void down(MigrationContext ctx) {}
  }
}
