package com.lms.migrations.fingerprint;

import java.util.IdentityHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.TypePath;

/**
 * Writes everything ASM reports about a class, in the order it reports it, as a compact stream of
 * tagged values: what a class file would hold, with constants written where they are used instead
 * of through a constant pool, and labels numbered by first use. It is what a fingerprint hashes;
 * cheaper than writing a class file (no constant pool to build). Parameter names are left out; the
 * content of attributes ASM does not know is written as their name only.
 */
final class CanonicalClassWriter extends ClassVisitor {

  private static final int CLASS = 1;
  private static final int NEST_HOST = 2;
  private static final int OUTER_CLASS = 3;
  private static final int ANNOTATION = 4;
  private static final int TYPE_ANNOTATION = 5;
  private static final int ATTRIBUTE = 6;
  private static final int NEST_MEMBER = 7;
  private static final int PERMITTED_SUBCLASS = 8;
  private static final int INNER_CLASS = 9;
  private static final int RECORD_COMPONENT = 10;
  private static final int FIELD = 11;
  private static final int METHOD = 12;
  private static final int END = 13;
  private static final int MODULE = 14;
  private static final int ANNOTATION_VALUE = 20;
  private static final int ENUM_VALUE = 21;
  private static final int NESTED_ANNOTATION = 22;
  private static final int ARRAY_VALUE = 23;
  private static final int ANNOTATION_DEFAULT = 30;
  private static final int PARAMETER_COUNT = 31;
  private static final int PARAMETER_ANNOTATION = 32;
  private static final int CODE = 33;
  private static final int INSN = 34;
  private static final int INT_INSN = 35;
  private static final int VAR_INSN = 36;
  private static final int TYPE_INSN = 37;
  private static final int FIELD_INSN = 38;
  private static final int METHOD_INSN = 39;
  private static final int INVOKE_DYNAMIC = 40;
  private static final int JUMP = 41;
  private static final int LABEL = 42;
  private static final int LDC = 43;
  private static final int IINC = 44;
  private static final int TABLE_SWITCH = 45;
  private static final int LOOKUP_SWITCH = 46;
  private static final int MULTI_ANEW_ARRAY = 47;
  private static final int INSN_ANNOTATION = 48;
  private static final int TRY_CATCH = 49;
  private static final int TRY_CATCH_ANNOTATION = 50;
  private static final int LOCAL_VARIABLE_ANNOTATION = 51;

  private final CanonicalSink out = new CanonicalSink();

  CanonicalClassWriter() {
    super(Opcodes.ASM9);
  }

  /** What was written so far. */
  byte[] toByteArray() {
    return out.toByteArray();
  }

  @Override
  public void visit(
      int version,
      int access,
      String name,
      @Nullable String signature,
      @Nullable String superName,
      String @Nullable [] interfaces) {
    out.tag(CLASS).integer(version).integer(access).text(name).text(signature).text(superName);
    out.texts(interfaces);
  }

  @Override
  public @Nullable ModuleVisitor visitModule(String name, int access, @Nullable String version) {
    out.tag(MODULE).text(name).integer(access).text(version);
    return null;
  }

  @Override
  public void visitNestHost(String nestHost) {
    out.tag(NEST_HOST).text(nestHost);
  }

  @Override
  public void visitOuterClass(String owner, @Nullable String name, @Nullable String descriptor) {
    out.tag(OUTER_CLASS).text(owner).text(name).text(descriptor);
  }

  @Override
  public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
    out.tag(ANNOTATION).text(descriptor).bool(visible);
    return new Annotations();
  }

  @Override
  public AnnotationVisitor visitTypeAnnotation(
      int typeRef, @Nullable TypePath typePath, String descriptor, boolean visible) {
    return typeAnnotation(TYPE_ANNOTATION, typeRef, typePath, descriptor, visible);
  }

  @Override
  public void visitAttribute(Attribute attribute) {
    out.tag(ATTRIBUTE).text(attribute.type);
  }

  @Override
  public void visitNestMember(String nestMember) {
    out.tag(NEST_MEMBER).text(nestMember);
  }

  @Override
  public void visitPermittedSubclass(String permittedSubclass) {
    out.tag(PERMITTED_SUBCLASS).text(permittedSubclass);
  }

  @Override
  public void visitInnerClass(
      String name, @Nullable String outerName, @Nullable String innerName, int access) {
    out.tag(INNER_CLASS).text(name).text(outerName).text(innerName).integer(access);
  }

  @Override
  public RecordComponentVisitor visitRecordComponent(
      String name, String descriptor, @Nullable String signature) {
    out.tag(RECORD_COMPONENT).text(name).text(descriptor).text(signature);
    return new RecordComponentVisitor(Opcodes.ASM9) {
      @Override
      public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return CanonicalClassWriter.this.visitAnnotation(descriptor, visible);
      }

      @Override
      public AnnotationVisitor visitTypeAnnotation(
          int typeRef, @Nullable TypePath typePath, String descriptor, boolean visible) {
        return CanonicalClassWriter.this.visitTypeAnnotation(
            typeRef, typePath, descriptor, visible);
      }

      @Override
      public void visitAttribute(Attribute attribute) {
        CanonicalClassWriter.this.visitAttribute(attribute);
      }

      @Override
      public void visitEnd() {
        out.tag(END);
      }
    };
  }

  @Override
  public FieldVisitor visitField(
      int access,
      String name,
      String descriptor,
      @Nullable String signature,
      @Nullable Object value) {
    out.tag(FIELD).integer(access).text(name).text(descriptor).text(signature).value(value);
    return new FieldVisitor(Opcodes.ASM9) {
      @Override
      public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
        return CanonicalClassWriter.this.visitAnnotation(descriptor, visible);
      }

      @Override
      public AnnotationVisitor visitTypeAnnotation(
          int typeRef, @Nullable TypePath typePath, String descriptor, boolean visible) {
        return CanonicalClassWriter.this.visitTypeAnnotation(
            typeRef, typePath, descriptor, visible);
      }

      @Override
      public void visitAttribute(Attribute attribute) {
        CanonicalClassWriter.this.visitAttribute(attribute);
      }

      @Override
      public void visitEnd() {
        out.tag(END);
      }
    };
  }

  @Override
  public MethodVisitor visitMethod(
      int access,
      String name,
      String descriptor,
      @Nullable String signature,
      String @Nullable [] exceptions) {
    out.tag(METHOD).integer(access).text(name).text(descriptor).text(signature).texts(exceptions);
    return new Code();
  }

  @Override
  public void visitEnd() {
    out.tag(END);
  }

  private AnnotationVisitor typeAnnotation(
      int tag, int typeRef, @Nullable TypePath typePath, String descriptor, boolean visible) {
    out.tag(tag).integer(typeRef).text(typePath == null ? null : typePath.toString());
    out.text(descriptor).bool(visible);
    return new Annotations();
  }

  /** An annotation's values, nested annotations and arrays included. */
  private final class Annotations extends AnnotationVisitor {

    Annotations() {
      super(Opcodes.ASM9);
    }

    @Override
    public void visit(@Nullable String name, Object value) {
      out.tag(ANNOTATION_VALUE).text(name).value(value);
    }

    @Override
    public void visitEnum(@Nullable String name, String descriptor, String value) {
      out.tag(ENUM_VALUE).text(name).text(descriptor).text(value);
    }

    @Override
    public AnnotationVisitor visitAnnotation(@Nullable String name, String descriptor) {
      out.tag(NESTED_ANNOTATION).text(name).text(descriptor);
      return new Annotations();
    }

    @Override
    public AnnotationVisitor visitArray(@Nullable String name) {
      out.tag(ARRAY_VALUE).text(name);
      return new Annotations();
    }

    @Override
    public void visitEnd() {
      out.tag(END);
    }
  }

  /** A method: its annotations and its instructions, with labels numbered by first use. */
  private final class Code extends MethodVisitor {

    private final Map<Label, Integer> labels = new IdentityHashMap<>();

    Code() {
      super(Opcodes.ASM9);
    }

    @Override
    public AnnotationVisitor visitAnnotationDefault() {
      out.tag(ANNOTATION_DEFAULT);
      return new Annotations();
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      return CanonicalClassWriter.this.visitAnnotation(descriptor, visible);
    }

    @Override
    public AnnotationVisitor visitTypeAnnotation(
        int typeRef, @Nullable TypePath typePath, String descriptor, boolean visible) {
      return CanonicalClassWriter.this.visitTypeAnnotation(typeRef, typePath, descriptor, visible);
    }

    @Override
    public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
      out.tag(PARAMETER_COUNT).integer(parameterCount).bool(visible);
    }

    @Override
    public AnnotationVisitor visitParameterAnnotation(
        int parameter, String descriptor, boolean visible) {
      out.tag(PARAMETER_ANNOTATION).integer(parameter).text(descriptor).bool(visible);
      return new Annotations();
    }

    @Override
    public void visitAttribute(Attribute attribute) {
      CanonicalClassWriter.this.visitAttribute(attribute);
    }

    @Override
    public void visitCode() {
      out.tag(CODE);
    }

    @Override
    public void visitInsn(int opcode) {
      out.tag(INSN).integer(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      out.tag(INT_INSN).integer(opcode).integer(operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
      out.tag(VAR_INSN).integer(opcode).integer(varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      out.tag(TYPE_INSN).integer(opcode).text(type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
      out.tag(FIELD_INSN).integer(opcode).text(owner).text(name).text(descriptor);
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      out.tag(METHOD_INSN).integer(opcode).text(owner).text(name).text(descriptor);
      out.bool(isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name, String descriptor, Handle bootstrapMethod, Object... arguments) {
      out.tag(INVOKE_DYNAMIC).text(name).text(descriptor).value(bootstrapMethod);
      out.integer(arguments.length);
      for (Object argument : arguments) {
        out.value(argument);
      }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      out.tag(JUMP).integer(opcode).integer(id(label));
    }

    @Override
    public void visitLabel(Label label) {
      out.tag(LABEL).integer(id(label));
    }

    @Override
    public void visitLdcInsn(Object value) {
      out.tag(LDC).value(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
      out.tag(IINC).integer(varIndex).integer(increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... targets) {
      out.tag(TABLE_SWITCH).integer(min).integer(max).integer(id(dflt));
      for (Label target : targets) {
        out.integer(id(target));
      }
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] targets) {
      out.tag(LOOKUP_SWITCH).integer(id(dflt)).integer(keys.length);
      for (int i = 0; i < keys.length; i++) {
        out.integer(keys[i]).integer(id(targets[i]));
      }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
      out.tag(MULTI_ANEW_ARRAY).text(descriptor).integer(numDimensions);
    }

    @Override
    public AnnotationVisitor visitInsnAnnotation(
        int typeRef, @Nullable TypePath typePath, String descriptor, boolean visible) {
      return typeAnnotation(INSN_ANNOTATION, typeRef, typePath, descriptor, visible);
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, @Nullable String type) {
      out.tag(TRY_CATCH).integer(id(start)).integer(id(end)).integer(id(handler)).text(type);
    }

    @Override
    public AnnotationVisitor visitTryCatchAnnotation(
        int typeRef, @Nullable TypePath typePath, String descriptor, boolean visible) {
      return typeAnnotation(TRY_CATCH_ANNOTATION, typeRef, typePath, descriptor, visible);
    }

    @Override
    public AnnotationVisitor visitLocalVariableAnnotation(
        int typeRef,
        @Nullable TypePath typePath,
        Label[] start,
        Label[] end,
        int[] index,
        String descriptor,
        boolean visible) {
      out.tag(LOCAL_VARIABLE_ANNOTATION).integer(start.length);
      for (int i = 0; i < start.length; i++) {
        out.integer(id(start[i])).integer(id(end[i])).integer(index[i]);
      }
      return typeAnnotation(LOCAL_VARIABLE_ANNOTATION, typeRef, typePath, descriptor, visible);
    }

    @Override
    public void visitEnd() {
      out.tag(END);
    }

    private int id(Label label) {
      return labels.computeIfAbsent(label, unused -> labels.size());
    }
  }
}
