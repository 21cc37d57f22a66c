package com.lms.migrations.fingerprint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * Sums a class's files as they are, its own and those of the classes nested in it (found by
 * reflection: no class file is parsed), with CRC-32C and CRC-32 side by side: 64 bits that tell the
 * same bytes from other bytes, at a cost a restart does not notice.
 */
final class RawClassBytes {

  private RawClassBytes() {}

  static Optional<String> hash(Class<?> type) {
    if (type.isHidden()) {
      return Optional.empty();
    }
    List<Class<?>> classes = new ArrayList<>();
    classes.add(type);
    String prefix = type.getName() + "$";
    List<Class<?>> nested = new ArrayList<>();
    for (Class<?> member : type.getNestHost().getNestMembers()) {
      if (member.getName().startsWith(prefix)) {
        nested.add(member);
      }
    }
    nested.sort((left, right) -> left.getName().compareTo(right.getName()));
    classes.addAll(nested);
    CRC32C crc32c = new CRC32C();
    CRC32 crc32 = new CRC32();
    for (Class<?> each : classes) {
      byte[] bytes = classFile(each);
      if (bytes == null) {
        return Optional.empty();
      }
      byte[] name = each.getName().getBytes(StandardCharsets.UTF_8);
      byte[] length = ByteBuffer.allocate(4).putInt(bytes.length).array();
      for (byte[] part : new byte[][] {name, length, bytes}) {
        crc32c.update(part);
        crc32.update(part);
      }
    }
    long sum = (crc32c.getValue() << 32) | crc32.getValue();
    return Optional.of("crc:" + HexFormat.of().toHexDigits(sum));
  }

  private static byte[] classFile(Class<?> type) {
    String name = type.getName();
    try (InputStream in =
        type.getResourceAsStream(name.substring(name.lastIndexOf('.') + 1) + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      return null;
    }
  }
}
