package com.lms.migrations.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Writes the skeleton of a new migration class, following the README's conventions. */
final class MigrationClassWriter {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_]{0,99}");
  private static final Pattern PACKAGE = Pattern.compile("[a-zA-Z_][\\w]*(\\.[a-zA-Z_][\\w]*)*");

  private MigrationClassWriter() {}

  static Path write(Path directory, String packageName, String name, int version)
      throws IOException {
    if (!NAME.matcher(name).matches()) {
      throw new CommandUsageException(
          "Invalid migration name '"
              + name
              + "': use [a-z0-9][a-z0-9_]*, at most 100 characters"
              + suggestedName(name).map(valid -> "; did you mean '" + valid + "'?").orElse(""));
    }
    if (!PACKAGE.matcher(packageName).matches()) {
      throw new CommandUsageException("Invalid package name '" + packageName + "'");
    }
    String className = className(name);
    Path file = directory.resolve(packageName.replace('.', '/')).resolve(className + ".java");
    if (Files.exists(file)) {
      throw new CommandUsageException(file + " already exists; choose another name");
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, source(packageName, className, name, version));
    return file;
  }

  /**
   * The valid name closest in form to an invalid one: {@code AddUserLocale} and {@code
   * add-user-locale} become {@code add_user_locale}.
   *
   * @param name the invalid name
   * @return the snake-case form, when it is a valid name
   */
  static Optional<String> suggestedName(String name) {
    String snake =
        name.trim()
            .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
            .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
            .replaceAll("[^A-Za-z0-9]+", "_")
            .toLowerCase(Locale.ROOT)
            .replaceAll("^_+|_+$", "");
    return NAME.matcher(snake).matches() ? Optional.of(snake) : Optional.empty();
  }

  static String className(String name) {
    StringBuilder className = new StringBuilder();
    for (String part : name.split("_")) {
      if (!part.isEmpty()) {
        className.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return Character.isDigit(className.charAt(0)) ? "Migration" + className : className.toString();
  }

  private static String source(String packageName, String className, String name, int version) {
    return """
        package %s;

        import com.lms.migrations.Migration;
        import com.lms.migrations.MigrationContext;
        import org.springframework.stereotype.Component;

        /**
         * Version %d: describe what this migration changes and why.
         *
         * <p>Migration checklist (fill in before merging):
         *
         * <ul>
         *   <li>Purpose: why the data must change (link the ticket).
         *   <li>Changes: which collections, fields and indexes change, and roughly how many
         *       documents.
         *   <li>Testing: [ ] up tested on a copy of production-like data; [ ] up is safe to run
         *       twice; [ ] rollback tested: down brings the data back (the {@code verify} command
         *       or {@code ReversibilityCheck}).
         *   <li>Rollback plan: what down restores, what it cannot restore (back that up with
         *       {@code ctx.backup(...)}), and when to roll back rather than fix forward.
         * </ul>
         */
        @Component
        class %s implements Migration {

          @Override
          public String name() {
            return "%s";
          }

          @Override
          public int version() {
            return %d;
          }

          @Override
          public String description() {
            return "";
          }

          @Override
          public void up(MigrationContext ctx) {
            // Apply the change. Write it so that running it twice does no harm; for large
            // collections use ctx.batch(collection).
          }

          @Override
          public void down(MigrationContext ctx) {
            // Undo exactly what up did; back up what up destroys with ctx.backup(...).
          }
        }
        """
        .formatted(packageName, version, className, name, version);
  }
}
