#!/usr/bin/env bash
# Scans one synthetic dev image (400 packages) against generated vulnerability data sets of 1,000 and 100,000
# advisories and prints the ratio of the scan times; exits non-zero when it is 2 or more. The index makes a lookup
# a binary search over a memory-mapped file, so the ratio stays close to 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -DskipTests test-compile
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" dev.distill.vuln.ScanScaleBenchmark
