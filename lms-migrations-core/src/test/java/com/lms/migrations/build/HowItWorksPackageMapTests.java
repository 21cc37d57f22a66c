package com.lms.migrations.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package map in {@code docs/how-it-works.md} is written from the code as it is: it has a row
 * for every package of the three modules' main sources, and no row for a package that is gone.
 */
class HowItWorksPackageMapTests {

  private static final Pattern ROW = Pattern.compile("^\\| `((?:com|org)\\.[\\w.]+)`");

  @Test
  void thePackageMapNamesEveryPackageAndNoOther() {
    Set<String> mapped = new TreeSet<>();
    for (String line :
        RepositoryFiles.lines(RepositoryFiles.root().resolve("docs/how-it-works.md"))) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        mapped.add(row.group(1));
      }
    }

    assertThat(mapped).as("the packages in how-it-works.md").isEqualTo(packagesInTheCode());
  }

  /** Every package with a class in a module's main sources. */
  private static Set<String> packagesInTheCode() {
    Set<String> packages = new TreeSet<>();
    for (String module :
        new String[] {"lms-migrations-core", "lms-migrations-spring-boot-starter", "sample-app"}) {
      Path sources = RepositoryFiles.root().resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(sources)) {
        files
            .filter(file -> file.toString().endsWith(".java"))
            .filter(file -> !file.getFileName().toString().equals("package-info.java"))
            .map(file -> sources.relativize(file.getParent()).toString().replace('/', '.'))
            .forEach(packages::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return packages;
  }
}
