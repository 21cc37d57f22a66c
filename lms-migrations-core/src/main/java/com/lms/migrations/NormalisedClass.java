package com.lms.migrations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * One class file rewritten without what does not change behaviour: debug attributes (line numbers,
 * local variable and parameter names, the source file), stack map frames and the class-file
 * version, which is kept apart. The fields in which a local or anonymous class keeps the local
 * variables it captures, named {@code val$<variable>} by javac, are renamed by their order, so that
 * renaming such a variable keeps the class too. The rewrite builds a fresh constant pool in the
 * order the class's contents use it, so the order the compiler chose does not matter either.
 *
 * @param bytes the rewritten class file
 * @param majorVersion the major class-file version the class was compiled to
 * @param nestHost the internal name of the class's nest host, {@code null} when it is its own host
 * @param nestMembers the internal names of its nest members, empty unless it is a nest host
 */
record NormalisedClass(
    byte[] bytes, int majorVersion, @Nullable String nestHost, List<String> nestMembers) {

  /** The version every rewritten class carries: any fixed value does. */
  private static final int FIXED_VERSION = Opcodes.V17;

  private static final int READ_OPTIONS = ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES;

  /**
   * Rewrites a class file.
   *
   * @param classFile the class file as compiled
   * @return the rewritten class
   * @throws IllegalArgumentException when the class file's version is newer than ASM reads, or
   *     another runtime exception when the class file is malformed
   */
  static NormalisedClass of(byte[] classFile) {
    ClassWriter writer = new ClassWriter(0);
    Normaliser normaliser = new Normaliser(writer);
    new ClassReader(classFile).accept(normaliser, READ_OPTIONS);
    return new NormalisedClass(
        writer.toByteArray(),
        normaliser.version & 0xFFFF,
        normaliser.nestHost,
        List.copyOf(normaliser.nestMembers));
  }

  /**
   * The nest members a class file lists, read without its code.
   *
   * @param classFile a nest host's class file
   * @return the internal names of its members
   */
  static List<String> nestMembersOf(byte[] classFile) {
    Normaliser names = new Normaliser(null);
    new ClassReader(classFile)
        .accept(names, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return List.copyOf(names.nestMembers);
  }

  /** Passes the class on with a fixed version and notes its version and nest. */
  private static final class Normaliser extends ClassVisitor {

    private static final String CAPTURED = "val$";

    private int version;
    private String name = "";
    private @Nullable String nestHost;
    private final List<String> nestMembers = new ArrayList<>();
    private final Map<String, String> capturedFields = new HashMap<>();

    Normaliser(@Nullable ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        @Nullable String signature,
        @Nullable String superName,
        String @Nullable [] interfaces) {
      this.version = version;
      this.name = name;
      super.visit(FIXED_VERSION, access, name, signature, superName, interfaces);
    }

    @Override
    public @Nullable FieldVisitor visitField(
        int access,
        String name,
        String descriptor,
        @Nullable String signature,
        @Nullable Object value) {
      String kept = name;
      if ((access & Opcodes.ACC_SYNTHETIC) != 0 && name.startsWith(CAPTURED)) {
        kept = CAPTURED + capturedFields.size();
        capturedFields.put(name, kept);
      }
      return super.visitField(access, kept, descriptor, signature, value);
    }

    /** Fields come before methods, so a method's uses of captured fields are renamed too. */
    @Override
    public @Nullable MethodVisitor visitMethod(
        int access,
        String name,
        String descriptor,
        @Nullable String signature,
        String @Nullable [] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
      return next == null ? null : new CapturedFieldUses(next);
    }

    @Override
    public void visitNestHost(String nestHost) {
      this.nestHost = nestHost;
      super.visitNestHost(nestHost);
    }

    @Override
    public void visitNestMember(String nestMember) {
      nestMembers.add(nestMember);
      super.visitNestMember(nestMember);
    }

    /** Renames the uses of the class's own captured-variable fields. */
    private final class CapturedFieldUses extends MethodVisitor {

      CapturedFieldUses(MethodVisitor next) {
        super(Opcodes.ASM9, next);
      }

      @Override
      public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        String used = owner.equals(Normaliser.this.name) ? capturedFields.get(name) : null;
        super.visitFieldInsn(opcode, owner, used == null ? name : used, descriptor);
      }
    }
  }
}
