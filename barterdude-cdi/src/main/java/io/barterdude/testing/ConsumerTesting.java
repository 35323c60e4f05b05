package io.barterdude.testing;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;

/**
 * The testing extension: makes {@link ConsumerTester} a bean. Applications do not get it unless a
 * test adds this extension: in a CDI SE test with {@link ConsumerTester#extensions()}, in a test
 * deployment by listing {@code io.barterdude.testing.ConsumerTesting} in its {@code
 * META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 */
public class ConsumerTesting implements Extension {

  void registerTester(@Observes BeforeBeanDiscovery event, BeanManager beanManager) {
    event.addAnnotatedType(
        beanManager.createAnnotatedType(ConsumerTester.class), ConsumerTester.class.getName());
  }
}
