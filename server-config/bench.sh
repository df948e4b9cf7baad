#!/usr/bin/env bash
# Runs a benchmark (they print figures; they are not tests and never run in mvn verify).
#
#   server-config/bench.sh core [--warmup S] [--time S | --iterations N] [--threads 1,2]
#                               [--algorithms ES256,RS256]
#       the token endpoint's core in process: tokens/s and latency per signing algorithm and
#       thread count, then JWT signing, the secret check and client authentication on their own.
#
#   server-config/bench.sh http [base-url] [client-id] [client-secret|@file] [concurrency]
#                               [seconds] [max-rps] [max-requests]
#       client_credentials load on a running server (start it with server-config/run.sh).
#       Defaults: http://localhost:8080, demo-service, the demo client's secret from
#       $JETON_DATA_DIR/secrets/demo-client-secret (data/ unless set), 4, 20 s, no cap,
#       1,000,000. '-' keeps a default. Only loopback base URLs are accepted. Exits 1 on any 5xx.
#
# Extra JVM options: BENCH_JAVA_OPTS="-Xmx512m ..." server-config/bench.sh core
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

[ $# -ge 1 ] || usage 2
mode=$1; shift
case "$mode" in
  core) main=dev.jeton.bench.CoreBenchmark ;;
  http) main=dev.jeton.bench.HttpLoad ;;
  -h|--help) usage 0 ;;
  *) echo "bench.sh: unknown benchmark '$mode' (core or http)" >&2; usage 2 ;;
esac

if [ "$mode" = http ]; then
  # Fill in the demo client's secret from the run script's data directory, passed through the
  # environment rather than the command line (where ps would show it).
  if [ $# -lt 3 ] || [ "$3" = - ]; then
    secret_file=${JETON_DATA_DIR:-$repo/data}/secrets/demo-client-secret
    if [ -z "${JETON_BENCH_CLIENT_SECRET:-}" ]; then
      if [ -s "$secret_file" ]; then
        JETON_BENCH_CLIENT_SECRET=$(cat "$secret_file")
        export JETON_BENCH_CLIENT_SECRET
      else
        echo "bench.sh: no client secret given and none at $secret_file" \
             "(start the server with server-config/run.sh first, or pass the secret)" >&2
        exit 2
      fi
    fi
  fi
fi

cd "$repo"
echo "Compiling (mvn test-compile) ..." >&2
mvn -q -B -o test-compile || { echo "offline build failed; trying online" >&2; mvn -q -B test-compile; }

classpath_file=target/bench.classpath
if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
  echo "Resolving the test class path ..." >&2
  cp_args=(dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file")
  mvn -q -B -o "${cp_args[@]}" || { echo "offline resolution failed; trying online" >&2; mvn -q -B "${cp_args[@]}"; }
fi
# The class path lists a POM-typed dependency (microprofile); only jars and directories matter.
deps=$(tr ':' '\n' < "$classpath_file" | grep -v '\.pom$' | paste -sd: -)
classpath=target/classes:target/test-classes:$deps

# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$main" "$@"
