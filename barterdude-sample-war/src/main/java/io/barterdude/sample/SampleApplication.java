package io.barterdude.sample;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Turns on the sample's JAX-RS routes at the root of the context: {@code /counter} ({@link
 * MyCounterHttpHook}), {@code /admin} ({@link SampleAdminResource}) and BarterDude's own {@code
 * /healthcheck}. Every resource in the WAR, its libraries included, is found by scanning.
 */
@ApplicationPath("/")
public class SampleApplication extends Application {}
