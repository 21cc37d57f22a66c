package com.lms.migrations.web;

import com.lms.migrations.Direction;
import com.lms.migrations.Migration;
import com.lms.migrations.MigrationExecution;
import com.lms.migrations.MigrationListener;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Whether requests are held, and which migration this instance is running: a listener of the
 * runner, asked by the request-holding filters.
 */
public final class MigrationsInProgress implements MigrationListener {

  private final BooleanSupplier holding;
  private final AtomicReference<@Nullable String> current = new AtomicReference<>();

  /**
   * Creates the state.
   *
   * @param holding whether requests are held now: until the startup migrations have finished
   */
  public MigrationsInProgress(BooleanSupplier holding) {
    this.holding = holding;
  }

  /**
   * Whether requests are held now.
   *
   * @return {@code true} while the startup migrations have not finished
   */
  public boolean isHolding() {
    return holding.getAsBoolean();
  }

  /**
   * The migration this instance is running now.
   *
   * @return its name, or empty between migrations (or while another instance holds the lock)
   */
  public Optional<String> currentMigration() {
    return Optional.ofNullable(current.get());
  }

  @Override
  public void migrationStarted(Migration migration, Direction direction) {
    current.set(migration.name());
  }

  @Override
  public void migrationFinished(MigrationExecution execution) {
    current.compareAndSet(execution.name(), null);
  }
}
