package com.lms.migrations.test;

import com.lms.migrations.Migration;
import com.lms.migrations.MigrationRunner;
import com.lms.migrations.MigrationSettings;
import com.mongodb.client.MongoClient;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.context.ApplicationContext;

/**
 * The JUnit Jupiter extension behind {@link MigrationTest @MigrationTest}: resolves {@link
 * MigrationTester} parameters of test and lifecycle methods. Within one test, every parameter gets
 * the same tester; its database is dropped when the test (or, resolved in a {@code @BeforeAll}
 * method, the class) is done.
 */
public final class MigrationTestExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MigrationTestExtension.class);

  /** Created by JUnit for {@link MigrationTest @MigrationTest}. */
  public MigrationTestExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MigrationTester.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .computeIfAbsent(Tested.class, key -> tested(context), Tested.class)
        .tester();
  }

  private static Tested tested(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    MigrationTest annotation = annotation(testClass);
    List<Migration> named =
        annotation == null ? List.of() : MigrationClasses.instantiate(annotation);
    String hint =
        testClass.getSimpleName() + context.getTestMethod().map(m -> "_" + m.getName()).orElse("");
    ApplicationContext application = SpringTests.applicationContext(context);
    if (application != null) {
      MongoClient client = application.getBeanProvider(MongoClient.class).getIfUnique();
      if (client == null) {
        throw new IllegalStateException(
            "@MigrationTest on "
                + testClass.getName()
                + " needs a single MongoClient bean in the Spring test context to create its"
                + " databases on that server; the context has none or several. Add the Mongo"
                + " auto-configuration (for example a Testcontainers container with"
                + " @ServiceConnection).");
      }
      MigrationRunner runner = application.getBeanProvider(MigrationRunner.class).getIfUnique();
      List<Migration> migrations =
          !named.isEmpty()
              ? named
              : runner != null
                  ? runner.getMigrations()
                  : application.getBeanProvider(Migration.class).orderedStream().toList();
      MigrationSettings settings =
          runner != null ? runner.getSettings() : MigrationSettings.defaults();
      return new Tested(
          TestDatabases.create(client, "the Spring test context's MongoClient", hint),
          migrations,
          settings);
    }
    if (named.isEmpty()) {
      throw new IllegalStateException(
          "@MigrationTest on "
              + testClass.getName()
              + " names no migration. Name them with @MigrationTest(migrations = ...) or"
              + " @MigrationTest(packages = ...), or use it on a Spring test (@SpringBootTest,"
              + " @DataMongoTest) to test the context's migrations.");
    }
    StandaloneMongo server =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .computeIfAbsent(
                StandaloneMongo.class,
                key ->
                    StandaloneMongo.start(
                        System::getenv, MigrationTestExtension.class.getClassLoader()),
                StandaloneMongo.class);
    return new Tested(
        TestDatabases.create(server.client(), server.description(), hint),
        named,
        MigrationSettings.defaults());
  }

  private static @Nullable MigrationTest annotation(Class<?> testClass) {
    for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
      MigrationTest found =
          AnnotationSupport.findAnnotation(type, MigrationTest.class).orElse(null);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** A test's tester and its database, dropped when the test's store is closed. */
  private static final class Tested implements AutoCloseable {

    private final TestDatabases.Fresh database;
    private final MigrationTester tester;

    Tested(TestDatabases.Fresh database, List<Migration> migrations, MigrationSettings settings) {
      this.database = database;
      this.tester = new MigrationTester(database, migrations, settings);
    }

    MigrationTester tester() {
      return tester;
    }

    @Override
    public void close() {
      database.close();
    }
  }
}
