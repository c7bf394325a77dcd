#!/usr/bin/env bash
# Runs the status-mapper-service load harness (not a test) against the devstack's in-process backends.
# Usage: status-mapper-service/bench/run-load-harness.sh [--objects N] [--direct M] [--memory K]
# Build first: ./mvnw -B -o -pl status-mapper-service -am install -DskipTests
# HARNESS_GC picks the collector (default -XX:+UseZGC; e.g. HARNESS_GC=-XX:+UseG1GC to compare).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -o -pl status-mapper-service test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
module=status-mapper-service
exec java -Xms1g -Xmx2g ${HARNESS_GC:--XX:+UseZGC} \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dlogging.configuration="file:$PWD/$module/bench/logging.properties" \
  -cp "$module/target/test-classes:$module/target/classes:$(cat $module/target/bench-classpath.txt)" \
  io.kindred.statusmapper.bench.StatusMapperLoadHarness "$@"
