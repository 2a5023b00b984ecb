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

    /** An injected setting's value, stripped, or null when it is blank (not set). */
    public static String orNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public Optional<String> optional(String name) {
        return lookup.apply(name).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * A setting {@code config/application.properties} gives a default: the one place defaults are stated.
     * Empty only when someone set its environment variable to nothing.
     */
    public String text(String name) {
        return optional(name).orElseThrow(() -> new ConfigurationException(name + " has no value: set it, or leave "
                + "its environment variable unset for the default in config/application.properties"));
    }

    public int integer(String name) {
        return parse(name, text(name), Integer::parseInt, "a whole number");
    }

    public double decimal(String name) {
        return parse(name, text(name), Double::parseDouble, "a number");
    }

    /** A value with no default in the configuration (a mode of the run, a value computed when unset). */
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

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser, String what) {
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be " + what + ", was '" + value + "'");
        }
    }

    public Path dataDir() {
        return Path.of(text("data.dir")).toAbsolutePath().normalize();
    }
}
