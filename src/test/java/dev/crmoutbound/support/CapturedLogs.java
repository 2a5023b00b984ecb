package dev.crmoutbound.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log line written while it is open, as the text an operator would read. */
public final class CapturedLogs implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    public CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    public List<String> lines() {
        synchronized (appender) { // AppenderBase appends under the appender's own lock
            return appender.list.stream().map(e -> e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        }
    }

    /** The lines logged at WARN or above. */
    public List<String> warnings() {
        synchronized (appender) { // AppenderBase appends under the appender's own lock
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The lines logged at INFO or above that carry a stack trace. */
    public List<String> stackTraces() {
        synchronized (appender) { // AppenderBase appends under the appender's own lock
            return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)
                    && e.getThrowableProxy() != null).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
