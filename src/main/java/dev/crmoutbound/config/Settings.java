package dev.crmoutbound.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the application's configuration by property name. Values come from
 * {@code config/application.properties}, where each one defaults to an environment variable.
 */
public final class Settings {

    private final Function<String, Optional<String>> lookup;

    public Settings(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public Optional<String> optional(String name) {
        return lookup.apply(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String text(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public int integer(String name, int fallback) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number, was '" + value.get() + "'");
        }
    }

    public double decimal(String name, double fallback) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.get());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a number, was '" + value.get() + "'");
        }
    }

    public Path dataDir() {
        return Path.of(text("data.dir", "data")).toAbsolutePath().normalize();
    }
}
