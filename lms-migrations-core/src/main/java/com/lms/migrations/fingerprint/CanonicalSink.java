package com.lms.migrations.fingerprint;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;

/** A growable byte array with typed writes: what {@link CanonicalClassWriter} writes into. */
final class CanonicalSink {

  private static final int NULL = 0;
  private static final int STRING = 1;
  private static final int INTEGER = 2;
  private static final int FLOAT = 3;
  private static final int LONG = 4;
  private static final int DOUBLE = 5;
  private static final int TYPE = 6;
  private static final int HANDLE = 7;
  private static final int CONDY = 8;
  private static final int OTHER = 9;

  private final Map<String, Integer> strings = new HashMap<>();
  private byte[] bytes = new byte[4096];
  private int size;

  CanonicalSink tag(int tag) {
    ensure(1);
    bytes[size++] = (byte) tag;
    return this;
  }

  CanonicalSink bool(boolean value) {
    return tag(value ? 1 : 0);
  }

  CanonicalSink integer(int value) {
    ensure(4);
    bytes[size++] = (byte) (value >>> 24);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
    return this;
  }

  CanonicalSink longValue(long value) {
    return integer((int) (value >>> 32)).integer((int) value);
  }

  /**
   * A string: -1 for null; its length and its chars, ASCII in one byte and others as {@code 0xFF}
   * and two bytes, the first time it is written; the number of strings written before it the next
   * times, as {@code -2 - number}. So each string is hashed once per class, as a constant pool
   * would hold it, in an order that depends on the code only.
   */
  CanonicalSink text(@Nullable String value) {
    if (value == null) {
      return integer(-1);
    }
    Integer written = strings.putIfAbsent(value, strings.size());
    if (written != null) {
      return integer(-2 - written);
    }
    int length = value.length();
    integer(length);
    ensure(3 * length);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        bytes[size++] = (byte) c;
      } else {
        bytes[size++] = (byte) 0xFF;
        bytes[size++] = (byte) (c >>> 8);
        bytes[size++] = (byte) c;
      }
    }
    return this;
  }

  CanonicalSink texts(String @Nullable [] values) {
    if (values == null) {
      return integer(-1);
    }
    integer(values.length);
    for (String value : values) {
      text(value);
    }
    return this;
  }

  /** A constant: a tag for its kind, then its content. */
  CanonicalSink value(@Nullable Object value) {
    if (value == null) {
      return tag(NULL);
    } else if (value instanceof String text) {
      return tag(STRING).text(text);
    } else if (value instanceof Integer number) {
      return tag(INTEGER).integer(number);
    } else if (value instanceof Float number) {
      return tag(FLOAT).integer(Float.floatToRawIntBits(number));
    } else if (value instanceof Long number) {
      return tag(LONG).longValue(number);
    } else if (value instanceof Double number) {
      return tag(DOUBLE).longValue(Double.doubleToRawLongBits(number));
    } else if (value instanceof Type type) {
      return tag(TYPE).integer(type.getSort()).text(type.getDescriptor());
    } else if (value instanceof Handle handle) {
      tag(HANDLE).integer(handle.getTag()).text(handle.getOwner()).text(handle.getName());
      return text(handle.getDesc()).bool(handle.isInterface());
    } else if (value instanceof ConstantDynamic constant) {
      tag(CONDY).text(constant.getName()).text(constant.getDescriptor());
      value(constant.getBootstrapMethod()).integer(constant.getBootstrapMethodArgumentCount());
      for (int i = 0; i < constant.getBootstrapMethodArgumentCount(); i++) {
        value(constant.getBootstrapMethodArgument(i));
      }
      return this;
    }
    // Annotation values: Byte, Boolean, Character, Short and arrays of primitives.
    return tag(OTHER)
        .text(value.getClass().getName())
        .text(Arrays.deepToString(new Object[] {value}));
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
    }
  }
}
