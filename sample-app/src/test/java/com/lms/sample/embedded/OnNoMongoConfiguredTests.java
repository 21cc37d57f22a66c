package com.lms.sample.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

class OnNoMongoConfiguredTests {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner().withUserConfiguration(EmbeddedOnly.class);

  @Test
  void matchesWhenNoServerIsConfigured() {
    contextRunner.run(context -> assertThat(context).hasBean("embeddedServer"));
  }

  @Test
  void backsOffWhenTheUriIsSet() {
    contextRunner
        .withPropertyValues("spring.mongodb.uri=mongodb://localhost/lms")
        .run(context -> assertThat(context).doesNotHaveBean("embeddedServer"));
  }

  @Test
  void backsOffWhenAServiceConnectionDefinedTheConnectionBeforeTheConfigurationIsRead() {
    contextRunner
        .withInitializer(
            context ->
                ((BeanDefinitionRegistry) context.getBeanFactory())
                    .registerBeanDefinition(
                        "mongoContainerConnectionDetails",
                        new RootBeanDefinition(
                            MongoConnectionDetails.class,
                            () -> () -> new ConnectionString("mongodb://localhost/lms"))))
        .run(context -> assertThat(context).doesNotHaveBean("embeddedServer"));
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(OnNoMongoConfigured.class)
  static class EmbeddedOnly {

    @Bean
    String embeddedServer() {
      return "embedded";
    }
  }
}
