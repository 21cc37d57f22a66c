package com.lms.migrations.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources for real, with the running JDK's compiler in this JVM or with another JDK's
 * {@code javac} in a process, into a directory of class files; and loads classes from such a
 * directory, each directory in a class loader of its own, so two compilations of one class can be
 * loaded side by side (a migration as deployed yesterday and today).
 */
public final class CompiledClasses {

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern TYPE = Pattern.compile("(?m)^public (?:final )?class (\\w+)");

  private CompiledClasses() {}

  /**
   * Compiles one source file with the running JDK's compiler against the test class path.
   *
   * @param source a compilation unit with a package and one public class
   * @param output an empty directory for the class files
   * @param options compiler options such as {@code -g:none}
   * @return {@code output}
   */
  public static Path compile(String source, Path output, String... options) {
    Path file = write(source, output);
    List<String> arguments = arguments(file, output, options);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int exit = compiler.run(null, null, null, arguments.toArray(String[]::new));
    if (exit != 0) {
      throw new IllegalStateException("javac " + arguments + " exited with " + exit);
    }
    return output;
  }

  /**
   * Compiles one source file with another JDK's {@code javac} against the test class path.
   *
   * @param javac the {@code javac} executable
   * @param source a compilation unit with a package and one public class
   * @param output an empty directory for the class files
   * @param options compiler options such as {@code --release 17}
   * @return {@code output}
   */
  public static Path compileWith(Path javac, String source, Path output, String... options) {
    Path file = write(source, output);
    List<String> command = new ArrayList<>();
    command.add(javac.toString());
    command.addAll(arguments(file, output, options));
    try {
      Path log = Files.createTempFile(output.getParent(), "javac", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " still running after 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Loads a class from a directory of class files in a new class loader whose parent is the test
   * class path's.
   *
   * @param classes the directory
   * @param className the binary name
   * @return the class
   */
  public static Class<?> load(Path classes, String className) {
    try {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, CompiledClasses.class.getClassLoader());
      return Class.forName(className, true, loader);
    } catch (MalformedURLException | ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Loads a class as {@link #load} does and makes an instance with its no-argument constructor.
   *
   * @param <T> the type expected
   * @param classes the directory
   * @param className the binary name
   * @param type the type expected
   * @return a new instance
   */
  public static <T> T instantiate(Path classes, String className, Class<T> type) {
    try {
      return type.cast(load(classes, className).getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The binary name of the public class of a source.
   *
   * @param source a compilation unit with a package and one public class
   * @return for example {@code fp.AddTags}
   */
  public static String className(String source) {
    return group(PACKAGE, source) + "." + group(TYPE, source);
  }

  private static Path write(String source, Path output) {
    try {
      Path sources = Files.createTempDirectory(output.getParent(), "sources");
      Path file = sources.resolve(group(TYPE, source) + ".java");
      Files.writeString(file, source, StandardCharsets.UTF_8);
      Files.createDirectories(output);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> arguments(Path file, Path output, String... options) {
    List<String> arguments = new ArrayList<>(List.of(options));
    arguments.addAll(
        List.of(
            "-proc:none",
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            output.toString(),
            file.toString()));
    return arguments;
  }

  private static String group(Pattern pattern, String source) {
    Matcher matcher = pattern.matcher(source);
    if (!matcher.find()) {
      throw new IllegalArgumentException("No " + pattern + " in:\n" + source);
    }
    return matcher.group(1);
  }
}
