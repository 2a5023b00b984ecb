package dev.crmoutbound.config;

/** A setting is missing or malformed; the message names the setting and what is expected. */
public class ConfigurationException extends RuntimeException {
    public ConfigurationException(String message) {
        super(message);
    }
}
