package io.tcpstack.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The {@code --log-level} values; {@link #apply()} sets the root logger. */
enum LogLevel {
    TRACE(Level.TRACE), DEBUG(Level.DEBUG), INFO(Level.INFO), WARN(Level.WARN), ERROR(Level.ERROR);

    private final Level level;

    LogLevel(Level level) {
        this.level = level;
    }

    void apply() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }

    /** Whether failures should be shown with their stack trace (debug and trace only). */
    static boolean stackTraces() {
        return LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME).isDebugEnabled();
    }
}
