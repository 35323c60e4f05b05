package io.barterdude.sample;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records each call of a {@link TimedHandler} method, whether it returns or throws, in the
 * application timer {@code sample_handler} (Prometheus {@code sample_handler_seconds}) tagged
 * {@code method=Class.method} where the server has MicroProfile Metrics (see {@link
 * SampleMetrics}), and logs its duration at FINE on {@code io.barterdude.sample}.
 */
@TimedHandler
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class TimedHandlerInterceptor {

  private static final Logger LOGGER = Logger.getLogger("io.barterdude.sample");

  @Inject Instance<SampleMetrics> metrics;

  @AroundInvoke
  Object time(InvocationContext invocation) throws Exception {
    long start = System.nanoTime();
    try {
      return invocation.proceed();
    } finally {
      Duration duration = Duration.ofNanos(System.nanoTime() - start);
      String method = name(invocation.getMethod());
      metrics.forEach(sample -> sample.handlerTook(method, duration));
      LOGGER.log(Level.FINE, "{0} took {1} ms", new Object[] {method, duration.toMillis()});
    }
  }

  private static String name(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }
}
