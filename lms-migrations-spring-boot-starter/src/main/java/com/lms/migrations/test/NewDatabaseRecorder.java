package com.lms.migrations.test;

import com.lms.migrations.MigrationRunner;
import com.mongodb.client.MongoDatabase;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Looks at the application's database as soon as its {@link MongoDatabaseFactory} bean exists:
 * before the {@link MongoTemplate} is built (which creates collections for entity indexes with
 * {@code spring.data.mongodb.auto-index-creation}), before any migration runs and before demo-data
 * loaders. A database that holds no collection then is marked as this test run's ({@link
 * NewDatabases}); {@link MigrationDatabaseReset} only drops a database that carries that mark. A
 * template built without a factory bean is looked at when it is created, as a fallback. The
 * database the migrations run against ({@code lms.migrations.database}) is looked at when the
 * {@link MigrationRunner} bean is created, before it runs anything.
 *
 * <p>Only in a context with a {@link MigrationRunner} bean, which the reset needs: other test
 * contexts' databases are left unmarked.
 */
final class NewDatabaseRecorder implements BeanPostProcessor, BeanFactoryAware {

  private final Map<String, NewDatabases.FirstLook> looks = new ConcurrentHashMap<>();

  private @Nullable ListableBeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory instanceof ListableBeanFactory listable ? listable : null;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName)
      throws BeansException {
    if (bean instanceof MongoTemplate template) {
      see(template.getDb());
    } else if (bean instanceof MigrationRunner runner && beanFactory != null) {
      // lms.migrations.database: a database no template leads to, before any migration runs.
      see(MigrationsDatabase.of(beanFactory, runner));
    }
    return bean;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    if (bean instanceof MongoDatabaseFactory factory) {
      see(factory.getMongoDatabase());
    }
    return bean;
  }

  /**
   * What the database held when this context first looked at it.
   *
   * @param database the database's name
   * @return the first look, or {@code null} when the context never looked at it
   */
  NewDatabases.@Nullable FirstLook firstLook(String database) {
    return looks.get(database);
  }

  private void see(MongoDatabase database) {
    if (beanFactory != null
        && beanFactory.getBeanNamesForType(MigrationRunner.class, true, false).length > 0) {
      looks.computeIfAbsent(database.getName(), name -> NewDatabases.look(database));
    }
  }
}
