package io.barterdude.internal.container;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import java.lang.reflect.Type;

/**
 * References to beans that BarterDude calls on every message. An application-scoped or singleton
 * bean lives as long as the application, so its contextual instance (with its interceptors and
 * decorators) is used directly, saving a client proxy's context lookup per call; any other bean
 * gets its client proxy.
 */
public final class BeanReferences {

  private BeanReferences() {}

  public static Object longLived(BeanManager beanManager, Bean<?> bean, Type type) {
    Class<?> scope = bean.getScope();
    if (scope == ApplicationScoped.class || scope == Singleton.class) {
      return instance(beanManager, bean);
    }
    return beanManager.getReference(bean, type, beanManager.createCreationalContext(bean));
  }

  private static <T> T instance(BeanManager beanManager, Bean<T> bean) {
    return beanManager
        .getContext(bean.getScope())
        .get(bean, beanManager.createCreationalContext(bean));
  }
}
