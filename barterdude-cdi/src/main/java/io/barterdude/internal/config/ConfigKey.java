package io.barterdude.internal.config;

/**
 * One configuration key: its MicroProfile Config name, its default and what it does. Every key
 * BarterDude reads is declared once in {@link ConfigKeys}.
 *
 * @param name the key, e.g. {@code barterdude.hostname} (environment: {@code BARTERDUDE_HOSTNAME})
 * @param defaultValue the default as text, or null when the key is optional
 * @param description what the key controls
 */
public record ConfigKey(String name, String defaultValue, String description) {}
