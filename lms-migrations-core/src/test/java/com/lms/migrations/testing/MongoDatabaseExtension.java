package com.lms.migrations.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Gives each test method its own database on the {@linkplain TestMongo test server}, and drops it
 * afterwards. Test methods (and {@code @BeforeEach} methods) can declare a {@link TestDatabase} or
 * {@link MongoTemplate} parameter; within one test they get the same database.
 *
 * <pre>{@code
 * @ExtendWith(MongoDatabaseExtension.class)
 * class MyTests {
 *   @Test
 *   void works(TestDatabase db) { ... }
 * }
 * }</pre>
 */
public final class MongoDatabaseExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MongoDatabaseExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestDatabase.class || type == MongoTemplate.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestDatabase database = database(context);
    return parameter.getParameter().getType() == TestDatabase.class
        ? database
        : database.template();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestDatabase database = context.getStore(NAMESPACE).get(TestDatabase.class, TestDatabase.class);
    if (database != null) {
      database.database().drop();
    }
  }

  private static TestDatabase database(ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .computeIfAbsent(
            TestDatabase.class,
            key -> {
              String name =
                  TestMongo.newDatabaseName(
                      context.getRequiredTestClass().getSimpleName()
                          + context.getTestMethod().map(m -> "_" + m.getName()).orElse(""));
              return new TestDatabase(
                  name, TestMongo.uri(name), new MongoTemplate(TestMongo.client(), name));
            },
            TestDatabase.class);
  }
}
