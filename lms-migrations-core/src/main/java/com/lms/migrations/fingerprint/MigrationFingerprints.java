package com.lms.migrations.fingerprint;

import com.lms.migrations.Migration;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The {@link CodeFingerprint} of a migration: its {@link Migration#checksum()} when it supplies
 * one, otherwise the SHA-256 of its class and of every class nested in it, each {@linkplain
 * NormalisedClass normalised}, the nested ones sorted by name. A Spring proxy's (CGLIB) subclass is
 * looked through to the class the user wrote.
 *
 * <p>A class is read once per JVM (cached per {@link Class}; safe from any thread). In a fresh JVM
 * a hundred migrations of three class files each take about 70 ms of CPU, half of it loading ASM
 * and SHA-256 for the first ({@code FingerprintColdStart} in the tests): compute them on another
 * thread while the history is read.
 *
 * <p>Some classes have no fingerprint: a hidden class or another class made at run time (no class
 * file to read), a class whose class file, or a nested class's, its loader does not serve, and a
 * class file newer than ASM reads (a JDK newer than this library) or malformed. Then {@link #of} is
 * empty and {@link #unavailableReason} says why; nothing is thrown, so a start never fails for it.
 * Such a migration can supply a {@link Migration#checksum()}.
 */
public final class MigrationFingerprints {

  private static final ClassValue<ClassCode> CODE =
      new ClassValue<>() {
        @Override
        protected ClassCode computeValue(Class<?> type) {
          return ClassCode.read(type);
        }
      };

  private static final ClassValue<Optional<String>> CLASS_BYTES =
      new ClassValue<>() {
        @Override
        protected Optional<String> computeValue(Class<?> type) {
          return RawClassBytes.hash(type);
        }
      };

  private MigrationFingerprints() {}

  /**
   * The migration's fingerprint now, cheaply when its class files are byte for byte the ones it was
   * recorded with: then the recorded fingerprint is the current one, and nothing is parsed.
   * Otherwise it is computed, as {@link #of} does. A restart of the same build reads each class
   * file and sums its bytes, and loads no class of ASM nor a message digest.
   *
   * @param migration a registered migration
   * @param recorded the fingerprint it was recorded with, {@code null} when none was
   * @param recordedClassBytes the {@link #classBytes} it was recorded with, {@code null} when none
   * @return its fingerprint, empty when its class cannot be read
   */
  public static Optional<CodeFingerprint> current(
      Migration migration,
      @Nullable CodeFingerprint recorded,
      @Nullable String recordedClassBytes) {
    String checksum = migration.checksum();
    if (checksum != null && !checksum.isBlank()) {
      return Optional.of(CodeFingerprint.userSupplied(checksum));
    }
    if (recorded != null
        && !recorded.isUserSupplied()
        && recordedClassBytes != null
        && recordedClassBytes.equals(classBytes(migration).orElse(null))) {
      return Optional.of(recorded);
    }
    return of(migration);
  }

  /**
   * A cheap sum of the migration's class files exactly as they are (its class and the classes
   * nested in it): equal sums mean the same bytes, so the same fingerprint. It is not a
   * fingerprint: a new compiler or {@code -g} changes it.
   *
   * @param migration a registered migration
   * @return {@code crc:} and 16 hex digits, empty for a migration with its own checksum or whose
   *     class files cannot be read
   */
  public static Optional<String> classBytes(Migration migration) {
    String checksum = migration.checksum();
    if (checksum != null && !checksum.isBlank()) {
      return Optional.empty();
    }
    return CLASS_BYTES.get(userClass(migration));
  }

  /**
   * The migration's fingerprint.
   *
   * @param migration a registered migration
   * @return its checksum as {@code user:<checksum>} when it supplies one; else the fingerprint of
   *     its class, empty when the class cannot be read (see {@link #unavailableReason})
   */
  public static Optional<CodeFingerprint> of(Migration migration) {
    String checksum = migration.checksum();
    if (checksum != null && !checksum.isBlank()) {
      return Optional.of(CodeFingerprint.userSupplied(checksum));
    }
    return Optional.ofNullable(CODE.get(userClass(migration)).fingerprint());
  }

  /**
   * Why {@link #of} is empty for the migration.
   *
   * @param migration a registered migration
   * @return a sentence naming the class and the cause, empty when it has a fingerprint
   */
  public static Optional<String> unavailableReason(Migration migration) {
    String checksum = migration.checksum();
    if (checksum != null && !checksum.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(CODE.get(userClass(migration)).unavailable());
  }

  /**
   * The fingerprint of a class read from class files without loading it, as {@link #of} computes it
   * for a loaded class: for a class compiled for a newer Java than the one running, say.
   *
   * @param className the class's binary name, for example {@code com.example.AddTags}
   * @param classFiles where its class files and those of its nest are read
   * @return its fingerprint, or why it has none
   */
  static ClassCode ofClassFiles(String className, ClassFiles classFiles) {
    return ClassCode.read(className, classFiles);
  }

  private static Class<?> userClass(Migration migration) {
    return ClassUtils.getUserClass(migration);
  }

  /** Reads class files by internal name. */
  @FunctionalInterface
  interface ClassFiles {

    /**
     * Reads one class file.
     *
     * @param internalName for example {@code com/example/AddTags$1}
     * @return its bytes, {@code null} when there is no such class file
     * @throws IOException when reading fails
     */
    byte @Nullable [] read(String internalName) throws IOException;
  }

  /**
   * A class's fingerprint, or why it has none.
   *
   * @param fingerprint the fingerprint, {@code null} when the class files cannot be read
   * @param unavailable why there is none, {@code null} when there is one
   */
  record ClassCode(@Nullable CodeFingerprint fingerprint, @Nullable String unavailable) {

    static ClassCode read(Class<?> type) {
      if (type.isHidden()) {
        return unavailable(
            type.getName(), "it is a hidden class, made at run time without a class file");
      }
      URL classFile =
          type.getResource(
              type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class");
      if (classFile == null) {
        return unavailable(
            type.getName(),
            "its class loader serves no class file " + type.getName().replace('.', '/') + ".class");
      }
      return read(type.getName(), internalName -> besides(classFile, internalName));
    }

    static ClassCode read(String className, ClassFiles classFiles) {
      try {
        String name = className.replace('.', '/');
        byte[] classFile = classFiles.read(name);
        if (classFile == null) {
          return unavailable(className, "its class loader serves no class file " + name + ".class");
        }
        NormalisedClass migration = NormalisedClass.of(classFile);
        List<String> nested = nestedIn(name, migration, classFiles);
        if (nested == null) {
          return unavailable(
              className,
              "its class loader serves no class file of its nest host " + migration.nestHost());
        }
        MessageDigest digest = sha256();
        add(digest, name, migration);
        for (String member : nested) {
          byte[] memberFile = classFiles.read(member);
          if (memberFile == null) {
            return unavailable(
                className, "its class loader serves no class file of its nested class " + member);
          }
          add(digest, member, NormalisedClass.of(memberFile));
        }
        String value = CodeFingerprint.COMPUTED_PREFIX + HexFormat.of().formatHex(digest.digest());
        return new ClassCode(new CodeFingerprint(value, migration.majorVersion()), null);
      } catch (IOException e) {
        return unavailable(className, "reading its class files failed: " + e);
      } catch (RuntimeException e) {
        // ASM refuses a class file newer than it knows (IllegalArgumentException) or malformed.
        return unavailable(className, "ASM cannot read its class files (" + e + ")");
      }
    }

    /**
     * The internal names of the classes nested in the migration class, sorted: the members of its
     * nest whose names javac derives from the migration class's name.
     */
    private static @Nullable List<String> nestedIn(
        String name, NormalisedClass migration, ClassFiles classFiles) throws IOException {
      List<String> members = migration.nestMembers();
      if (migration.nestHost() != null) {
        byte[] host = classFiles.read(migration.nestHost());
        if (host == null) {
          return null;
        }
        members = NormalisedClass.nestMembersOf(host);
      }
      List<String> nested = new ArrayList<>();
      for (String member : members) {
        if (member.startsWith(name + "$")) {
          nested.add(member);
        }
      }
      nested.sort(null);
      return nested;
    }

    /**
     * Reads a class file in the same directory or jar as the migration's: nest members are in the
     * same package. Looking it up through the class loader would search every jar of the class path
     * first, for every class.
     */
    private static byte @Nullable [] besides(URL classFile, String internalName)
        throws IOException {
      URL url =
          new URL(classFile, internalName.substring(internalName.lastIndexOf('/') + 1) + ".class");
      try (InputStream in = url.openStream()) {
        return in.readAllBytes();
      } catch (FileNotFoundException | NoSuchFileException e) {
        return null;
      }
    }

    private static void add(MessageDigest digest, String name, NormalisedClass normalised) {
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      digest.update(ByteBuffer.allocate(4).putInt(nameBytes.length).array());
      digest.update(nameBytes);
      digest.update(ByteBuffer.allocate(4).putInt(normalised.bytes().length).array());
      digest.update(normalised.bytes());
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("Every Java runtime has SHA-256", e);
      }
    }

    private static ClassCode unavailable(String className, String cause) {
      return new ClassCode(
          null,
          "The code of "
              + className
              + " has no fingerprint: "
              + cause
              + "; its changes cannot be detected unless the migration returns a checksum()");
    }
  }
}
