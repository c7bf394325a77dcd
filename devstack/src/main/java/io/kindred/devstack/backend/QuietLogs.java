package io.kindred.devstack.backend;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Raises the level of a backend's own loggers to WARNING through java.util.logging, which is what slf4j reaches
 * under Quarkus (JBoss LogManager) tests: an in-process broker otherwise logs hundreds of INFO lines into the
 * service's test output. (bin/devstack's slf4j-simple is set up by simplelogger.properties instead.)
 */
public final class QuietLogs {

    /** JUL holds loggers weakly; a collected logger would forget its level. */
    private static final List<Logger> HELD = new CopyOnWriteArrayList<>();

    private QuietLogs() {
    }

    public static void warningsOnly(String... loggerNames) {
        for (String name : loggerNames) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            HELD.add(logger);
        }
    }
}
