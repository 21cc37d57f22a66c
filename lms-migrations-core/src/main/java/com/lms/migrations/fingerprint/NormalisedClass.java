package com.lms.migrations.fingerprint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * One class file rewritten without what does not change behaviour: debug attributes (line numbers,
 * local variable and parameter names, the source file), stack map frames and the class-file
 * version, which is kept apart. The fields in which a local or anonymous class keeps the local
 * variables it captures, named {@code val$<variable>} by javac, are renamed by their order, so that
 * renaming such a variable keeps the class too. A constructor's stores of its parameters into
 * synthetic fields (the outer instance, captured variables), which javac orders differently from
 * one JDK to the next, are left out, and so are the maximum stack and locals, computed from the
 * code. The rewrite is {@linkplain CanonicalClassWriter written} without a constant pool, so the
 * order the compiler chose for it does not matter either.
 *
 * @param bytes the rewritten class, as {@link CanonicalClassWriter} writes it
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
    CanonicalClassWriter writer = new CanonicalClassWriter();
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
    private final Set<String> syntheticFields = new HashSet<>();

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
      if ((access & Opcodes.ACC_SYNTHETIC) != 0) {
        syntheticFields.add(name);
      }
      if ((access & Opcodes.ACC_SYNTHETIC) != 0 && name.startsWith(CAPTURED)) {
        kept = CAPTURED + capturedFields.size();
        capturedFields.put(name, kept);
      }
      return super.visitField(access, kept, descriptor, signature, value);
    }

    /** Fields come before methods, so the methods know the class's synthetic fields. */
    @Override
    public @Nullable MethodVisitor visitMethod(
        int access,
        String name,
        String descriptor,
        @Nullable String signature,
        String @Nullable [] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
      return next == null ? null : new CompilerPlumbing(next, name.equals("<init>"));
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

    /**
     * Renames the uses of the class's captured-variable fields, leaves out a constructor's {@code
     * aload_0; load n; putfield <synthetic field>} and writes no maximum stack and locals.
     */
    private final class CompilerPlumbing extends MethodVisitor {

      private final boolean constructor;
      private final List<int[]> held = new ArrayList<>(2);

      CompilerPlumbing(MethodVisitor next, boolean constructor) {
        super(Opcodes.ASM9, next);
        this.constructor = constructor;
      }

      @Override
      public void visitVarInsn(int opcode, int varIndex) {
        if (constructor && startsOrContinuesAStore(opcode, varIndex)) {
          held.add(new int[] {opcode, varIndex});
          return;
        }
        flush();
        if (constructor && opcode == Opcodes.ALOAD && varIndex == 0) {
          held.add(new int[] {opcode, varIndex});
          return;
        }
        super.visitVarInsn(opcode, varIndex);
      }

      private boolean startsOrContinuesAStore(int opcode, int varIndex) {
        if (held.isEmpty()) {
          return opcode == Opcodes.ALOAD && varIndex == 0;
        }
        return held.size() == 1 && opcode >= Opcodes.ILOAD && opcode <= Opcodes.ALOAD;
      }

      @Override
      public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        boolean own = owner.equals(Normaliser.this.name);
        if (held.size() == 2
            && opcode == Opcodes.PUTFIELD
            && own
            && syntheticFields.contains(name)) {
          held.clear();
          return;
        }
        flush();
        String captured = own ? capturedFields.get(name) : null;
        super.visitFieldInsn(opcode, owner, captured == null ? name : captured, descriptor);
      }

      @Override
      public void visitMaxs(int maxStack, int maxLocals) {
        flush();
        super.visitMaxs(0, 0);
      }

      @Override
      public void visitInsn(int opcode) {
        flush();
        super.visitInsn(opcode);
      }

      @Override
      public void visitIntInsn(int opcode, int operand) {
        flush();
        super.visitIntInsn(opcode, operand);
      }

      @Override
      public void visitTypeInsn(int opcode, String type) {
        flush();
        super.visitTypeInsn(opcode, type);
      }

      @Override
      public void visitMethodInsn(
          int opcode, String owner, String name, String descriptor, boolean isInterface) {
        flush();
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      }

      @Override
      public void visitInvokeDynamicInsn(
          String name, String descriptor, Handle bootstrapMethod, Object... arguments) {
        flush();
        super.visitInvokeDynamicInsn(name, descriptor, bootstrapMethod, arguments);
      }

      @Override
      public void visitJumpInsn(int opcode, Label label) {
        flush();
        super.visitJumpInsn(opcode, label);
      }

      @Override
      public void visitLabel(Label label) {
        flush();
        super.visitLabel(label);
      }

      @Override
      public void visitLdcInsn(Object value) {
        flush();
        super.visitLdcInsn(value);
      }

      @Override
      public void visitIincInsn(int varIndex, int increment) {
        flush();
        super.visitIincInsn(varIndex, increment);
      }

      @Override
      public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        flush();
        super.visitTableSwitchInsn(min, max, dflt, labels);
      }

      @Override
      public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        flush();
        super.visitLookupSwitchInsn(dflt, keys, labels);
      }

      @Override
      public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        flush();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
      }

      @Override
      public void visitTryCatchBlock(Label start, Label end, Label handler, @Nullable String type) {
        flush();
        super.visitTryCatchBlock(start, end, handler, type);
      }

      @Override
      public void visitEnd() {
        flush();
        super.visitEnd();
      }

      private void flush() {
        for (int[] instruction : held) {
          super.visitVarInsn(instruction[0], instruction[1]);
        }
        held.clear();
      }
    }
  }
}
