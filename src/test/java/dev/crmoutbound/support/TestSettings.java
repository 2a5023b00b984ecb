package dev.crmoutbound.support;

import dev.crmoutbound.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped configuration's defaults (its {@code {{env:NAME:default}}} values), with a test's own on top. */
public final class TestSettings {

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\{\\{env:[A-Z0-9_]+:(.*)}}");

    private TestSettings() {
    }

    public static Settings of(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(defaults());
        values.putAll(overrides);
        return new Settings(key -> Optional.ofNullable(values.get(key)));
    }

    private static Map<String, String> defaults() {
        Properties shipped = new Properties();
        try (InputStream in = TestSettings.class.getResourceAsStream("/config/application.properties")) {
            shipped.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> defaults = new HashMap<>();
        shipped.forEach((key, value) -> {
            Matcher m = ENV_DEFAULT.matcher(value.toString().strip());
            defaults.put(key.toString(), m.matches() ? m.group(1) : value.toString().strip());
        });
        return defaults;
    }
}
