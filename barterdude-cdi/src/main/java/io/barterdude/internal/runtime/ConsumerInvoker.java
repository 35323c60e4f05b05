package io.barterdude.internal.runtime;

import io.barterdude.Message;
import io.barterdude.internal.extension.ConsumerDefinition;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Calls a consumer method as a business method of its bean's contextual reference, so the user's
 * interceptors apply, inside a request context of its own. A {@code @Dependent} bean gets a new
 * instance per message, destroyed afterwards, as CDI does for observers.
 */
final class ConsumerInvoker {

  private final BeanManager beanManager;
  private final Bean<?> bean;
  private final Method method;
  private final Instance<RequestContextController> requestContexts;
  private final boolean dependent;
  private final boolean isStatic;
  private final Object sharedReference;

  ConsumerInvoker(BeanManager beanManager, ConsumerDefinition definition) {
    this.beanManager = beanManager;
    this.bean = definition.bean();
    this.method = definition.method();
    this.method.setAccessible(true);
    this.requestContexts = beanManager.createInstance().select(RequestContextController.class);
    this.dependent = bean.getScope() == Dependent.class;
    this.isStatic = Modifier.isStatic(method.getModifiers());
    this.sharedReference = dependent || isStatic ? null : reference(beanManager, bean);
  }

  /**
   * Calls the consumer method with the message.
   *
   * @throws Exception what the method threw
   */
  void invoke(Message message) throws Exception {
    RequestContextController requestContext = requestContexts.get();
    boolean activated = requestContext.activate();
    try {
      if (isStatic) {
        call(null, message);
      } else if (dependent) {
        callOnNewInstance(message);
      } else {
        call(sharedReference, message);
      }
    } finally {
      if (activated) {
        requestContext.deactivate();
      }
      requestContexts.destroy(requestContext);
    }
  }

  private void callOnNewInstance(Message message) throws Exception {
    CreationalContext<?> context = beanManager.createCreationalContext(bean);
    try {
      call(beanManager.getReference(bean, bean.getBeanClass(), context), message);
    } finally {
      context.release();
    }
  }

  /** A client proxy for a normal-scoped bean, shared by every delivery. */
  private static Object reference(BeanManager beanManager, Bean<?> bean) {
    return beanManager.getReference(
        bean, bean.getBeanClass(), beanManager.createCreationalContext(bean));
  }

  private void call(Object target, Message message) throws Exception {
    try {
      method.invoke(target, message);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception exception) {
        throw exception;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
