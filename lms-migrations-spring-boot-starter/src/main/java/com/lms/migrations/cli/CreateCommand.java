package com.lms.migrations.cli;

import static com.lms.migrations.cli.MigrationCommandRunner.EXIT_OK;

import com.lms.migrations.Migration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** {@code create}: writes a new migration class. Reads only the registered migrations. */
final class CreateCommand implements DatabaseCommand {

  @Override
  public int run(CommandDatabase database, PrintStream out, PrintStream err) throws IOException {
    CommandArguments arguments = database.arguments();
    MigrationCommandProperties properties = arguments.properties();
    String name = arguments.requireName();
    List<Migration> migrations = database.runner().getMigrations();
    int nextFree = migrations.stream().mapToInt(Migration::version).max().orElse(0) + 1;
    int version = arguments.hasVersion() ? arguments.requireVersion() : nextFree;
    if (version < 1) {
      throw new CommandUsageException(
          "Version must be 1 or more for a new migration but was "
              + version
              + "; leave out --lms.migrations.version to use the next free version, "
              + nextFree);
    }
    for (Migration migration : migrations) {
      if (migration.version() == version) {
        throw new CommandUsageException(
            "Version "
                + version
                + " is already used by migration '"
                + migration.name()
                + "' ("
                + migration.getClass().getName()
                + "); leave out --lms.migrations.version to use the next free version, "
                + nextFree);
      }
      if (migration.name().equals(name)) {
        throw new CommandUsageException(
            "A migration named '"
                + name
                + "' already exists ("
                + migration.getClass().getName()
                + ", version "
                + migration.version()
                + "); choose another name");
      }
    }
    String packageName = properties.getCreate().getPackageName();
    if (packageName == null || packageName.isBlank()) {
      packageName =
          migrations.stream()
              .max(Comparator.comparingInt(Migration::version))
              .map(migration -> migration.getClass().getPackageName())
              .orElseThrow(
                  () ->
                      new CommandUsageException(
                          "No migration exists yet to take the package from; set"
                              + " --lms.migrations.create.package-name=<package>"));
    }
    Path file =
        MigrationClassWriter.write(
            Path.of(properties.getCreate().getDirectory()), packageName, name, version);
    out.println("Created " + file + " (version " + version + ")");
    return EXIT_OK;
  }
}
