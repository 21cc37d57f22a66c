package com.lms.migrations.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import com.lms.migrations.Migration;
import com.lms.migrations.testing.CompiledClasses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cheap sum a restart compares: the class files' bytes, the nested classes' included. */
class RawClassBytesTests {

  @TempDir Path temp;

  @Test
  void theNestMembersAreReadFromTheClassFileWithoutLoadingThem() throws Exception {
    Path classes = CompiledClasses.compile(MigrationFingerprintsTests.ADD_TAGS, temp.resolve("a"));

    assertThat(RawClassBytes.nestMembers(Files.readAllBytes(classes.resolve("fp/AddTags.class"))))
        .containsExactlyInAnyOrder("fp/AddTags$1", "fp/AddTags$Counter");
  }

  @Test
  void theSameBytesHaveTheSameSumAndAnEditInANestedClassChangesIt() {
    Migration first = migration("first", MigrationFingerprintsTests.ADD_TAGS);
    Migration again = migration("again", MigrationFingerprintsTests.ADD_TAGS);
    Migration nestedEdit =
        migration(
            "edited",
            MigrationFingerprintsTests.ADD_TAGS.replace(
                "return tags.size();", "return tags.size() + 1;"));

    assertThat(MigrationFingerprints.classBytes(first))
        .hasValueSatisfying(sum -> assertThat(sum).startsWith("crc:"));
    assertThat(MigrationFingerprints.classBytes(again))
        .isEqualTo(MigrationFingerprints.classBytes(first));
    assertThat(MigrationFingerprints.classBytes(nestedEdit))
        .isPresent()
        .isNotEqualTo(MigrationFingerprints.classBytes(first));
  }

  @Test
  void classFilesInAJarSumAsTheSameFilesInADirectory() throws Exception {
    Path classes =
        CompiledClasses.compile(MigrationFingerprintsTests.ADD_TAGS, temp.resolve("dir"));
    Path jar = temp.resolve("migrations.jar");
    try (java.util.jar.JarOutputStream out =
            new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        java.util.stream.Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(file).toString()));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    Migration fromDirectory = CompiledClasses.instantiate(classes, "fp.AddTags", Migration.class);
    Migration fromJar;
    try (java.net.URLClassLoader loader =
        new java.net.URLClassLoader(
            new java.net.URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      fromJar = (Migration) loader.loadClass("fp.AddTags").getDeclaredConstructor().newInstance();
      assertThat(MigrationFingerprints.classBytes(fromJar))
          .isPresent()
          .isEqualTo(MigrationFingerprints.classBytes(fromDirectory));
    }
  }

  private Migration migration(String directory, String source) {
    return CompiledClasses.instantiate(
        CompiledClasses.compile(source, temp.resolve(directory)), "fp.AddTags", Migration.class);
  }
}
