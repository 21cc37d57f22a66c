package com.lms.migrations.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A separate JVM running a main class from the test class path, with its output in a file. */
public final class JavaProcess implements AutoCloseable {

  private final Process process;
  private final Path output;

  private JavaProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /**
   * Starts {@code mainClass} in a new JVM with this JVM's class path.
   *
   * @param mainClass the class with a {@code main} method
   * @param arguments its arguments
   * @return the running process
   * @throws IOException when the JVM cannot be started
   */
  public static JavaProcess start(Class<?> mainClass, String... arguments) throws IOException {
    return start(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), mainClass, arguments);
  }

  /**
   * Starts {@code mainClass} in a new JVM with this JVM's class path and the given JVM options.
   *
   * @param jvmOptions options such as {@code -Xmx2g}
   * @param mainClass the class with a {@code main} method
   * @param arguments its arguments
   * @return the running process
   * @throws IOException when the JVM cannot be started
   */
  public static JavaProcess start(List<String> jvmOptions, Class<?> mainClass, String... arguments)
      throws IOException {
    return start(jvmOptions, List.of(), mainClass, arguments);
  }

  /**
   * Starts {@code mainClass} in a new JVM with the given JVM options and class path entries before
   * this JVM's class path, as an application's own classes come first.
   *
   * @param jvmOptions options such as {@code -Xmx2g}
   * @param classPathFirst directories or jars put first on the class path
   * @param mainClass the class with a {@code main} method
   * @param arguments its arguments
   * @return the running process
   * @throws IOException when the JVM cannot be started
   */
  public static JavaProcess start(
      List<String> jvmOptions, List<Path> classPathFirst, Class<?> mainClass, String... arguments)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.add("-cp");
    List<String> classPath = new ArrayList<>();
    classPathFirst.forEach(entry -> classPath.add(entry.toString()));
    classPath.add(System.getProperty("java.class.path"));
    command.add(String.join(File.pathSeparator, classPath));
    command.add(mainClass.getName());
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile("lms-migrations-" + mainClass.getSimpleName(), ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new JavaProcess(process, output);
  }

  /**
   * Waits for the process to end.
   *
   * @param seconds the most to wait
   * @return its exit code
   * @throws InterruptedException when interrupted
   * @throws IllegalStateException when it is still running after the wait
   */
  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "Process still running after " + seconds + " s:\n" + output());
    }
    return process.exitValue();
  }

  /** Kills the process with SIGKILL, as an out-of-memory killer or a node failure would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Freezes the process with SIGSTOP, as a long GC pause or a suspended VM would. */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Lets a frozen process run again with SIGCONT. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    int exit =
        new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "kill -" + signal + " " + process.pid() + " exited with " + exit);
    }
  }

  /**
   * The process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * What the process printed so far.
   *
   * @return its output
   */
  public String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(output);
  }
}
