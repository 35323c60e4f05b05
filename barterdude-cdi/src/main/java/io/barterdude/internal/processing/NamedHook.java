package io.barterdude.internal.processing;

import io.barterdude.hooks.Hook;

/**
 * A hook's contextual reference and its bean class, which names it in logs.
 *
 * @param beanClass the hook's bean class
 * @param hook the contextual reference
 */
record NamedHook(Class<?> beanClass, Hook hook) {
  String name() {
    return beanClass.getName();
  }
}
