package com.lms.migrations.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's own files, found from the module the tests run in. */
public final class RepositoryFiles {

  private RepositoryFiles() {}

  /**
   * The folder holding {@code .ci/run}: the repository's root.
   *
   * @return the root
   */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".ci/run"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a parent folder holding .ci/run").isNotNull();
    return dir;
  }

  /**
   * {@code README.md} and every Markdown page of the guide in {@code docs/}.
   *
   * @return the pages, the README first
   */
  public static List<Path> markdownPages() {
    Path root = root();
    List<Path> pages = new ArrayList<>();
    pages.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  /**
   * The lines of a file of the repository.
   *
   * @param file the file
   * @return its lines
   */
  public static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
