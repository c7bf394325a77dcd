package io.kindred.statusmapper.watch;

import java.time.Duration;
import java.util.List;

import io.kindred.kafka.Backoff;

/**
 * @param namespaces namespaces to watch, empty = all
 * @param resyncPeriod informer resync period (zero = never)
 * @param missingKindBackoff delays between looks for a kind that is not installed
 */
public record WatchSettings(List<String> namespaces, Duration resyncPeriod, Backoff missingKindBackoff) {

    public WatchSettings {
        namespaces = List.copyOf(namespaces);
    }
}
