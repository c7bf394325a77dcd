#!/usr/bin/env bash
# Heap per watched object, including the informer cache (status-mapper-service WatchMemoryHarness; not a test).
# Usage: status-mapper-service/bench/run-memory-harness.sh [--pods N] [--jobs M]
# Builds with -am (no install needed: sibling modules come from their target/classes).
# Measured with G1 (used heap after System.gc()); HARNESS_HEAP sets -Xmx (default 3g).
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -o -pl status-mapper-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
module=status-mapper-service
exec java -Xms256m -Xmx${HARNESS_HEAP:-3g} -XX:+UseG1GC \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dlogging.configuration="file:$PWD/$module/bench/logging.properties" \
  -cp "$module/target/test-classes:$module/target/classes:$(cat $module/target/bench-classpath.txt)" \
  io.kindred.statusmapper.bench.WatchMemoryHarness "$@"
