package com.lms.migrations.tenant;

import com.lms.migrations.DatabaseNames;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The databases to migrate, one per tenant. Asked again each time the tenants are listed (at
 * startup, by the endpoint, health, metrics and the command line), so a source that reads a tenant
 * registry shows a tenant added at run time.
 *
 * <pre>{@code
 * @Bean
 * MigrationTenants tenants(SchoolRepository schools) {
 *   return () -> schools.findAll().stream().map(School::database).toList();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MigrationTenants {

  /**
   * The tenants' databases, in the order they are migrated. Each name must be a valid database
   * name; a name listed twice is migrated once.
   *
   * @return the database names
   */
  List<String> databases();

  /**
   * Where the tenants come from, for messages such as the warning that there are none.
   *
   * @return for example {@code the databases matching 'school_.*'}
   */
  default String description() {
    return "the application's MigrationTenants";
  }

  /**
   * A fixed list of databases.
   *
   * @param databases the database names
   * @return the tenants
   */
  static MigrationTenants of(List<String> databases) {
    List<String> copy = List.copyOf(databases);
    return new MigrationTenants() {
      @Override
      public List<String> databases() {
        return copy;
      }

      @Override
      public String description() {
        return "the databases " + copy;
      }
    };
  }

  /**
   * The databases that exist on the template's server and whose whole name matches a pattern,
   * sorted by name, listed again each time. MongoDB's own {@code admin}, {@code local} and {@code
   * config} never match, nor do the library's own scratch and test databases ({@link
   * DatabaseNames#isScratch}).
   *
   * @param template a template on the server
   * @param pattern a regular expression the whole database name must match
   * @return the tenants
   */
  static MigrationTenants matching(MongoTemplate template, Pattern pattern) {
    return new MigrationTenants() {
      @Override
      public List<String> databases() {
        return existing(template, pattern);
      }

      @Override
      public String description() {
        return "the databases matching '" + pattern.pattern() + "'";
      }
    };
  }

  private static List<String> existing(MongoTemplate template, Pattern pattern) {
    MongoDatabase admin = template.getMongoDatabaseFactory().getMongoDatabase("admin");
    Document answer = admin.runCommand(new Document("listDatabases", 1).append("nameOnly", true));
    List<String> names = new ArrayList<>();
    for (Document database : answer.getList("databases", Document.class, List.of())) {
      String name = database.getString("name");
      if (name != null
          && !Set.of("admin", "local", "config").contains(name)
          && !DatabaseNames.isScratch(name)
          && pattern.matcher(name).matches()) {
        names.add(name);
      }
    }
    names.sort(null);
    return names;
  }
}
