package io.barterdude.internal.container;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;

/**
 * The bean manager that sees the application's own beans (its hooks, topology producers, monitored
 * modules). On Payara the bean manager given to the library belongs to the library's bean archive
 * and sees only the library's beans, so CDI is asked for the application's.
 */
public final class ApplicationBeans {

  private ApplicationBeans() {}

  /**
   * The application's bean manager.
   *
   * @param library the bean manager given to the library, used when CDI has no current container
   * @return the application's bean manager
   */
  public static BeanManager of(BeanManager library) {
    try {
      return CDI.current().getBeanManager();
    } catch (IllegalStateException noCurrentContainer) {
      return library;
    }
  }
}
