package com.lms.migrations;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Base type of every error the migration engine reports on purpose. Each carries an {@link
 * ErrorCode}, and its message can be had with the settings and calls it advises named by the caller
 * ({@link #getMessage(AdviceNames)}), so that nobody needs to parse it.
 */
public abstract class MigrationException extends RuntimeException {

  /** Why it was raised. */
  private final ErrorCode code;

  /** The message, given how to name settings and calls; not kept when serialized. */
  private final transient @Nullable Function<AdviceNames, String> message;

  /**
   * Creates an exception with a message for the user.
   *
   * @param code why it is raised
   * @param message what happened and what to do about it
   */
  protected MigrationException(ErrorCode code, String message) {
    super(message);
    this.code = code;
    this.message = null;
  }

  /**
   * Creates an exception with a message for the user and its cause.
   *
   * @param code why it is raised
   * @param message what happened and what to do about it
   * @param cause the underlying failure
   */
  protected MigrationException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.message = null;
  }

  /**
   * Creates an exception whose message names settings or calls: {@link #getMessage()} names them as
   * the core API does ({@link AdviceNames#core()}).
   *
   * @param code why it is raised
   * @param message what happened and what to do about it, naming settings and calls with the names
   *     given
   */
  protected MigrationException(ErrorCode code, Function<AdviceNames, String> message) {
    super(message.apply(AdviceNames.core()));
    this.code = code;
    this.message = message;
  }

  /**
   * Why it was raised.
   *
   * @return the code
   */
  public ErrorCode code() {
    return code;
  }

  /**
   * The message, with the settings and calls it advises named as given: a Spring Boot application
   * names the property {@code lms.migrations.lock.wait-time} where the core names {@code
   * LockSettings.waitTime}.
   *
   * @param names how to name settings and calls
   * @return the message; {@link #getMessage()} when it names none, or after deserialization
   */
  public String getMessage(AdviceNames names) {
    return message == null ? String.valueOf(getMessage()) : message.apply(names);
  }
}
