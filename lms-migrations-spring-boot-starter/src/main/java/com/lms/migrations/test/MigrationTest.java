package com.lms.migrations.test;

import com.lms.migrations.Migration;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests migrations in a database of their own: each test method that declares a {@link
 * MigrationTester} parameter gets a new, empty database, created for it and dropped after it.
 *
 * <pre>{@code
 * @MigrationTest(packages = "com.example.migrations")
 * class ConvertCreditsToNumberTests {
 *
 *   @Test
 *   void convertsStringCreditsAndRestoresThem(MigrationTester db) {
 *     db.migrateTo(6).insert("courses", new Document("_id", "c1").append("credits", "3"));
 *
 *     db.apply(7);
 *     assertThat(db.documents("courses")).extracting(c -> c.get("credits")).containsExactly(3);
 *
 *     db.rollback(7);
 *     assertThat(db.documents("courses")).extracting(c -> c.get("credits")).containsExactly("3");
 *   }
 * }
 * }</pre>
 *
 * <p>The database lives on the first of these servers that applies:
 *
 * <ol>
 *   <li>on a Spring test ({@code @SpringBootTest}, {@code @DataMongoTest}), the server of the
 *       context's {@code MongoClient}, for example a Testcontainers container with
 *       {@code @ServiceConnection}; the context's own database is not touched;
 *   <li>the server named by the {@code MONGODB_URI} environment variable;
 *   <li>an in-memory server, when {@code de.bwaldvogel:mongo-java-server} is on the test class path
 *       (started once per test run).
 * </ol>
 *
 * <p>The migrations are those named by {@link #migrations()} and {@link #packages()}; when neither
 * names any on a Spring test, those of the context's {@code MigrationRunner}.
 *
 * @see MigrationTester
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MigrationTestExtension.class)
public @interface MigrationTest {

  /**
   * Migration classes to test, each with a constructor without parameters (of any visibility).
   *
   * @return the classes
   */
  Class<? extends Migration>[] migrations() default {};

  /**
   * Packages whose concrete classes implementing {@link Migration} are tested, each created with
   * its constructor without parameters.
   *
   * @return the package names
   */
  String[] packages() default {};
}
