package io.barterdude.internal.config;

import io.barterdude.Topology;
import java.util.List;

/**
 * What the extension found and validated when the application deployed, handed to the runtime as a
 * bean.
 *
 * @param settings the settings
 * @param consumers every {@code @Consume} method found, in discovery order
 * @param configuredTopology the topology declared in configuration ({@code barterdude.topology.*}),
 *     possibly empty
 */
public record Deployment(
    Settings settings, List<ConsumerDefinition> consumers, Topology configuredTopology) {}
