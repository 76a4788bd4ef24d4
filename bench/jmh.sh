#!/usr/bin/env bash
# JMH benchmarks of the build's hot kernels (deb822 parsing, dpkg version comparison, tar writing, compression),
# each next to its baseline. Usage: bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3 gzip]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -q -DskipTests test-compile
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main "${args[@]}" KernelsBenchmark
