package com.lms.migrations.test;

import com.lms.migrations.MigrationRunner;
import com.mongodb.client.MongoClient;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Looks at the application's database when the {@link MigrationRunner} bean is created, before any
 * migration runs (at startup or during refresh) and before demo-data loaders that wait for all
 * singletons: {@link MigrationDatabaseReset} only drops a database that was empty then.
 */
final class NewDatabaseRecorder implements BeanPostProcessor, BeanFactoryAware {

  private BeanFactory beanFactory;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName)
      throws BeansException {
    if (bean instanceof MigrationRunner) {
      MongoTemplate template = beanFactory.getBeanProvider(MongoTemplate.class).getIfUnique();
      if (template != null) {
        NewDatabases.see(template, beanFactory.getBeanProvider(MongoClient.class).getIfUnique());
      }
    }
    return bean;
  }
}
