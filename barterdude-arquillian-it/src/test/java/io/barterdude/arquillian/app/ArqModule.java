package io.barterdude.arquillian.app;

import io.barterdude.hooks.HealthcheckMonitored;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** A healthy extra module the healthcheck should list as {@code arq_module}. */
@ApplicationScoped
@Named(ArqModule.NAME)
public class ArqModule implements HealthcheckMonitored {

  /** The module's name in the healthcheck's body. */
  public static final String NAME = "arq_module";

  @Override
  public boolean healthcheck() {
    return true;
  }
}
