package io.barterdude.sample;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Times the annotated handler itself, without BarterDude's validation and hooks: see {@link
 * TimedHandlerInterceptor}. On a {@code @Consume} method it also shows that BarterDude calls the
 * handler as a business method, through the application's interceptors.
 */
@InterceptorBinding
@Documented
@Retention(RUNTIME)
@Target({METHOD, TYPE})
public @interface TimedHandler {}
