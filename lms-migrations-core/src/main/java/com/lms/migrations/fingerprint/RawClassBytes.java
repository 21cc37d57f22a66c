package com.lms.migrations.fingerprint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Sums a class's files as they are, its own and those of the classes nested in it, with CRC-32C and
 * CRC-32 side by side: 64 bits that tell the same bytes from other bytes. The nested classes are
 * found in the class file's {@code NestMembers} attribute, read without loading a class or parsing
 * any code: a restart of a hundred migrations reads their files and sums them, nothing more.
 */
final class RawClassBytes {

  private RawClassBytes() {}

  static Optional<String> hash(Class<?> type) {
    if (type.isHidden() || type.getNestHost() != type) {
      // A migration nested in another class is rare: its fingerprint is compared every time.
      return Optional.empty();
    }
    // String.concat, not +: each new shape of + costs a fresh JVM a method handle to spin, on the
    // path every restart takes.
    String simpleName = type.getName().substring(type.getName().lastIndexOf('.') + 1);
    try {
      URL classFile = classFile(type, simpleName);
      if (classFile == null) {
        return Optional.empty();
      }
      byte[] own;
      try (InputStream in = classFile.openStream()) {
        own = in.readAllBytes();
      }
      CRC32C crc32c = new CRC32C();
      CRC32 crc32 = new CRC32();
      add(crc32c, crc32, simpleName, own);
      String nestPrefix = type.getName().replace('.', '/').concat("$");
      List<String> nested = new ArrayList<>();
      for (String member : nestMembers(own)) {
        if (member.startsWith(nestPrefix)) {
          nested.add(member.substring(member.lastIndexOf('/') + 1));
        }
      }
      nested.sort(null);
      for (String member : nested) {
        byte[] bytes = read(classFile, member);
        if (bytes == null) {
          return Optional.empty();
        }
        add(crc32c, crc32, member, bytes);
      }
      long sum = (crc32c.getValue() << 32) | crc32.getValue();
      return Optional.of("crc:".concat(HexFormat.of().toHexDigits(sum)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // then the fingerprint is computed, which says what is wrong
    }
  }

  /**
   * Where the class file is: in the directory or jar its class was loaded from. Asking the class
   * loader instead would first search every parent's class path, for every migration.
   */
  private static @Nullable URL classFile(Class<?> type, String simpleName) throws IOException {
    String path = type.getName().replace('.', '/').concat(".class");
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location != null) {
      String spec = location.toString();
      if (spec.endsWith("/")) {
        return new URL(location, path); // a directory, or a directory inside a jar
      }
      if (spec.startsWith("file:") && spec.endsWith(".jar")) {
        return new URL("jar:".concat(spec).concat("!/").concat(path));
      }
    }
    return type.getResource(simpleName.concat(".class"));
  }

  private static void add(CRC32C crc32c, CRC32 crc32, String name, byte[] bytes) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] length = ByteBuffer.allocate(4).putInt(bytes.length).array();
    for (byte[] part : new byte[][] {nameBytes, length, bytes}) {
      crc32c.update(part);
      crc32.update(part);
    }
  }

  /** A class file beside the migration's: nest members are in its package. */
  private static byte @Nullable [] read(URL besides, String simpleName) throws IOException {
    try (InputStream in = new URL(besides, simpleName.concat(".class")).openStream()) {
      return in.readAllBytes();
    } catch (FileNotFoundException | NoSuchFileException e) {
      return null;
    }
  }

  /**
   * The internal names in a class file's {@code NestMembers} attribute (JVMS 4.7.29), read by
   * walking the constant pool, the fields and the methods without decoding them.
   */
  static List<String> nestMembers(byte[] classFile) {
    ByteBuffer in = ByteBuffer.wrap(classFile);
    in.position(8); // magic, minor and major version
    int count = Short.toUnsignedInt(in.getShort());
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = Byte.toUnsignedInt(in.get());
      switch (tag) {
        case 1 -> {
          int length = Short.toUnsignedInt(in.getShort());
          utf8[i] = new String(classFile, in.position(), length, StandardCharsets.UTF_8);
          in.position(in.position() + length);
        }
        case 7 -> classNames[i] = Short.toUnsignedInt(in.getShort());
        case 8, 16, 19, 20 -> in.position(in.position() + 2);
        case 15 -> in.position(in.position() + 3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4);
        case 5, 6 -> {
          in.position(in.position() + 8);
          i++; // a long or a double takes two entries
        }
        default -> throw new IllegalArgumentException("Unknown constant pool tag " + tag);
      }
    }
    in.position(in.position() + 6); // access flags, this class, super class
    int interfaces = Short.toUnsignedInt(in.getShort());
    in.position(in.position() + 2 * interfaces);
    for (int members = 0; members < 2; members++) { // fields, then methods
      int memberCount = Short.toUnsignedInt(in.getShort());
      for (int m = 0; m < memberCount; m++) {
        in.position(in.position() + 6); // access flags, name, descriptor
        skipAttributes(in);
      }
    }
    int attributes = Short.toUnsignedInt(in.getShort());
    for (int a = 0; a < attributes; a++) {
      String name = utf8[Short.toUnsignedInt(in.getShort())];
      int length = in.getInt();
      if ("NestMembers".equals(name)) {
        int classes = Short.toUnsignedInt(in.getShort());
        List<String> members = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
          members.add(utf8[classNames[Short.toUnsignedInt(in.getShort())]]);
        }
        return members;
      }
      in.position(in.position() + length);
    }
    return List.of();
  }

  private static void skipAttributes(ByteBuffer in) {
    int attributes = Short.toUnsignedInt(in.getShort());
    for (int a = 0; a < attributes; a++) {
      in.position(in.position() + 2); // its name
      int length = in.getInt();
      in.position(in.position() + length);
    }
  }
}
