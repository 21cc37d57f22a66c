package com.lms.migrations.fingerprint;

import com.lms.migrations.Migration;
import java.util.Objects;

/**
 * A fingerprint of a migration's code: it changes when the migration's code changes, and only then.
 *
 * <p>A computed fingerprint covers the compiled migration class and every class nested in it
 * (member, local and anonymous classes; lambda bodies are methods of the class itself). It leaves
 * out what does not change behaviour: line numbers, local variable and parameter names, the source
 * file's name, stack map frames and the order of the constant pool, so comments, formatting and
 * compiling with or without {@code -g} keep it. It does not cover code the migration calls in other
 * classes, its superclasses included, nor constants inlined from them. Moving a method within the
 * class, or any other change to the compiled class, changes it.
 *
 * <p>The class-file version is recorded beside it, because another compiler (a JDK upgrade) may
 * compile the same source to different code: compare it with {@link #sameClassFileVersion} to tell
 * a recompiled migration from an edited one.
 *
 * @param value {@code sha256:} followed by 64 lower-case hex digits for a fingerprint computed from
 *     the class, or {@code user:} followed by the text of {@link Migration#checksum()}
 * @param classFileVersion the major class-file version of the migration's class, for example 61 for
 *     Java 17; 0 for a fingerprint from {@link Migration#checksum()}
 */
public record CodeFingerprint(String value, int classFileVersion) {

  /** How a fingerprint computed from the class begins. */
  static final String COMPUTED_PREFIX = "sha256:";

  /** How a fingerprint from {@link Migration#checksum()} begins. */
  static final String USER_PREFIX = "user:";

  /**
   * Checks the value's form and the version's range.
   *
   * @param value {@code sha256:<hex>} or {@code user:<checksum>}
   * @param classFileVersion the major class-file version, 0 for a user-supplied fingerprint
   */
  public CodeFingerprint {
    Objects.requireNonNull(value, "value");
    if (!hasText(value, COMPUTED_PREFIX) && !hasText(value, USER_PREFIX)) {
      throw new IllegalArgumentException(
          "A code fingerprint is '"
              + COMPUTED_PREFIX
              + "<hex>' or '"
              + USER_PREFIX
              + "<checksum>', not '"
              + value
              + "'");
    }
    if (classFileVersion < 0) {
      throw new IllegalArgumentException(
          "A class-file version is 0 or more, not " + classFileVersion);
    }
  }

  /**
   * The fingerprint a migration supplies through {@link Migration#checksum()}.
   *
   * @param checksum the migration's text, not blank
   * @return {@code user:<checksum>} with class-file version 0
   */
  static CodeFingerprint userSupplied(String checksum) {
    return new CodeFingerprint(USER_PREFIX + checksum, 0);
  }

  /**
   * Whether the migration supplied this fingerprint through {@link Migration#checksum()} rather
   * than having it computed from its class.
   *
   * @return {@code true} for a {@code user:} fingerprint
   */
  public boolean isUserSupplied() {
    return value.startsWith(USER_PREFIX);
  }

  /**
   * Whether both fingerprints were computed from classes of the same class-file version. A
   * different value with a different version means the class was recompiled (by another JDK, or for
   * another release), not necessarily edited.
   *
   * @param other another fingerprint, usually the recorded one
   * @return {@code true} when the class-file versions are equal
   */
  public boolean sameClassFileVersion(CodeFingerprint other) {
    return classFileVersion == other.classFileVersion;
  }

  /**
   * Equal when both components are: written out, because a record's generated {@code equals}
   * bootstraps method handles, which a fresh JVM pays for on the path every restart takes.
   *
   * @param other another object
   * @return whether it is the same fingerprint
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof CodeFingerprint fingerprint
        && classFileVersion == fingerprint.classFileVersion
        && value.equals(fingerprint.value);
  }

  /**
   * A hash of both components, written out for the same reason as {@link #equals}.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return 31 * value.hashCode() + classFileVersion;
  }

  private static boolean hasText(String value, String prefix) {
    return value.startsWith(prefix) && !value.substring(prefix.length()).isBlank();
  }
}
