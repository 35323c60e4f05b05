package io.barterdude.arquillian.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Turns JAX-RS on under {@code /api}: BarterDude's {@code /api/healthcheck}, its callback endpoint
 * (off unless configured) and {@link CountingHttpHook}. Not at the root, where it would shadow
 * Arquillian's test servlet.
 */
@ApplicationPath("api")
public class ArqApplication extends Application {}
