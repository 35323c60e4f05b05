package io.barterdude.internal.processing;

import io.barterdude.internal.config.ConsumerDefinition;
import io.barterdude.internal.container.BeanReferences;
import io.barterdude.internal.container.WorkerScope;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Calls a consumer method as a business method of its bean's contextual reference, so the user's
 * interceptors apply, inside a request context of its own. A {@code @Dependent} bean gets a new
 * instance per message, destroyed afterwards, as CDI does for observers.
 */
public final class ConsumerInvoker {

  private final BeanManager beanManager;
  private final Bean<?> bean;
  private final Method method;
  private final Instance<RequestContextController> requestContexts;
  private final boolean dependent;
  private final boolean isStatic;
  private final Object sharedReference;
  private final ThreadLocal<RequestContextController> workerController = new ThreadLocal<>();
  private final Queue<RequestContextController> idleControllers = new ConcurrentLinkedQueue<>();

  public ConsumerInvoker(BeanManager beanManager, ConsumerDefinition definition) {
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
   * Calls the consumer method with the message, or with its body bound to the parameter's type.
   *
   * @throws Exception what the method threw
   */
  void invoke(Object argument) throws Exception {
    RequestContextController shared = workerController.get();
    RequestContextController requestContext = shared != null ? shared : requestContexts.get();
    boolean activated = requestContext.activate();
    try {
      if (isStatic) {
        call(null, argument);
      } else if (dependent) {
        callOnNewInstance(argument);
      } else {
        call(sharedReference, argument);
      }
    } finally {
      if (activated) {
        requestContext.deactivate();
      }
      if (shared == null) {
        requestContexts.destroy(requestContext);
      }
    }
  }

  /**
   * Lends a worker a request context controller for the messages it handles one after the other on
   * this thread (each still gets a request context of its own), and takes it back for the next
   * worker: looking a controller up costs more than the rest of the invocation, and a controller
   * may serve one thread at a time. At most one controller per concurrent worker is ever created.
   * Close the scope on the same thread.
   */
  public WorkerScope workerScope() {
    RequestContextController idle = idleControllers.poll();
    RequestContextController controller = idle != null ? idle : requestContexts.get();
    workerController.set(controller);
    return () -> {
      workerController.remove();
      idleControllers.add(controller);
    };
  }

  private void callOnNewInstance(Object argument) throws Exception {
    CreationalContext<?> context = beanManager.createCreationalContext(bean);
    try {
      call(beanManager.getReference(bean, bean.getBeanClass(), context), argument);
    } finally {
      context.release();
    }
  }

  /** The reference shared by every delivery to a bean that is not {@code @Dependent}. */
  private static Object reference(BeanManager beanManager, Bean<?> bean) {
    return BeanReferences.longLived(beanManager, bean, bean.getBeanClass());
  }

  private void call(Object target, Object argument) throws Exception {
    try {
      method.invoke(target, argument);
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
