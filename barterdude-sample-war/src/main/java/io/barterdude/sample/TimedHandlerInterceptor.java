package io.barterdude.sample;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Records each call of a {@link TimedHandler} method, whether it returns or throws, in the
 * application timer {@code sample_handler} (Prometheus {@code sample_handler_seconds}) tagged
 * {@code method=Class.method}, and logs its duration at FINE on {@code io.barterdude.sample}.
 */
@TimedHandler
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class TimedHandlerInterceptor {

  private static final Logger LOGGER = Logger.getLogger("io.barterdude.sample");
  private static final Metadata TIMER =
      Metadata.builder()
          .withName("sample_handler")
          .withDescription("Time the handler itself took, without validation and hooks")
          .withUnit(MetricUnits.SECONDS)
          .build();

  @Inject MetricRegistry registry;

  @AroundInvoke
  Object time(InvocationContext invocation) throws Exception {
    long start = System.nanoTime();
    try {
      return invocation.proceed();
    } finally {
      Duration duration = Duration.ofNanos(System.nanoTime() - start);
      String method = name(invocation.getMethod());
      registry.timer(TIMER, new Tag("method", method)).update(duration);
      LOGGER.log(Level.FINE, "{0} took {1} ms", new Object[] {method, duration.toMillis()});
    }
  }

  private static String name(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }
}
