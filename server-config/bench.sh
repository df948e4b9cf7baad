#!/usr/bin/env bash
# Runs a benchmark (they print figures; they are not tests and never run in mvn verify).
#
#   server-config/bench.sh suite [--no-build] [--java PATH] [--scenarios LIST] [--concurrency 1,16,64]
#                                [--seconds N] [--clients N] [--noisy] [--long N] [--prefill-families N]
#                                [--db postgresql://host:port/name] [more options below]
#       the benchmark of issue #13: builds the WAR from clean (--no-build: reuses target/jeton.war),
#       measures the bare ES256/RS256 sign and verify costs in a JVM of the server's JDK, starts Jeton
#       with run.sh --no-build (outbox and JMS on, H2 in target/bench-data unless --db, its own clients
#       file and free ports), records the start-up, warms it up with client_credentials in 5-s windows
#       until two successive windows agree within 10%, then drives each scenario at each concurrency
#       over loopback keep-alive and stops the server. Prints and writes target/bench/<time>.md and
#       .json: req/s, p50/p90/p99, errors, server CPU ms/request, the bare costs, the floor, the ratio
#       CPU / (JOSE operations contained + floor), and the CPU other processes used (DISTURBED above 5%).
#       Runs on the newest JDK installed (25, then 21, else java; --java or JETON_JAVA overrides).
#       Scenarios: floor (always, first), client_secret_basic, private_key_jwt, dpop, refresh, code,
#       introspection, introspection_fresh. --clients N registers N unused clients; --noisy repeats each run next to a
#       process burning one core; --long N adds N s at concurrency 64 with the heap after a full GC
#       post-warm-up, settled (after 60 s of unmeasured load at 64) and at the end, and the classes that
#       grew (jcmd GC.class_histogram); --prefill-families N inserts N refresh-token families before the
#       measured start (a first start creates the tables). --db is passed to run.sh (and used by the
#       prefill, credentials from the URL, JETON_DB_USER/JETON_DB_PASSWORD or PGUSER/PGPASSWORD; on
#       PostgreSQL the prefill ends with VACUUM ANALYZE and CHECKPOINT before the measured start).
#       More: --scenario-warmup S (5), --warmup-concurrency N (16), --warmup-window S (5),
#       --warmup-min S (40), --warmup-cap S (300), --floor-path P (/oauth/jwks), --bare-seconds S (2),
#       --disturbed-above SHARE (0.05), --port N, --broker-port N, --out DIR (target/bench),
#       --path-warmup-cap S (60): before a scenario's first measured run, its own path at the warm-up
#       concurrency until two successive windows agree within 5% (at least 20 s, at most S s, 0: off;
#       not measured).
#       --jfr records a JFR profile of the server during the measured client_secret_basic run at the
#       concurrency nearest 16 (target/bench/<time>.jfr) and prints where the CPU went (<time>-profile.md;
#       dev.jeton.bench.JfrProfile). --jfr-scenario NAME profiles another scenario's run instead (e.g. refresh).
#       Defaults: all scenarios, concurrency 1,16,64, 20 s each. Exits 1 when any request failed.
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
#   server-config/bench.sh soak [--port N] [--broker-port N] [--rate R] [--seconds S]
#       a bounded soak on loopback: starts its own server (run.sh, fresh data in target/soak-data,
#       the clients of src/test/resources/soak-clients.json), mixes client_credentials (basic and
#       post), authorization_code with PKCE (sign-in without a browser) and refresh_token at a
#       fixed rate, reads the audit queue, and prints 2xx/4xx/5xx, audit events expected against
#       received, and the server's heap after GC, threads and file descriptors at start and end.
#       Defaults: port 8089, broker port 61609, 40 requests/s, 180 s. Exits 1 on any 5xx or a
#       missing audit event.
#
#   server-config/bench.sh cluster [--no-build] [--java PATH] [--nodes 3] [--seconds 15] [--concurrency 8]
#                                  [--warmup 30] [--warmup-cap 150] [--rounds 2] [--statement-seconds 6]
#                                  [--out DIR]
#       issue #19's benchmark: nodes started with run.sh --no-build on one fresh PostgreSQL database
#       (127.0.0.1:5432, trust authentication, dropped after) and one ActiveMQ broker in the load
#       generator's JVM. Prints and writes target/bench/cluster-<time>.md: statements and round trips
#       per token for each grant (counted on the wire by a proxy in front of PostgreSQL), then, with
#       all N nodes started and each warmed up until its CPU per token settles, server CPU per
#       client_credentials token with 1, 2, ... N of them serving (/proc/<pid>/stat of every loaded
#       node), in R rounds, with the PostgreSQL processes' CPU and the statements and round trips per
#       token under that load beside it. Same JDK choice and build as suite.
#
# Extra JVM options: BENCH_JAVA_OPTS="-Xmx512m ..." server-config/bench.sh core
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

[ $# -ge 1 ] || usage 2
mode=$1; shift
case "$mode" in
  core) main=dev.jeton.bench.CoreBenchmark ;;
  http) main=dev.jeton.bench.HttpLoad ;;
  soak) main=dev.jeton.bench.Soak ;;
  suite) main=dev.jeton.bench.Suite ;;
  cluster) main=dev.jeton.bench.ClusterBench ;;
  -h|--help) usage 0 ;;
  *) echo "bench.sh: unknown benchmark '$mode' (suite, cluster, core, http or soak)" >&2; usage 2 ;;
esac

# suite and cluster start servers the same way: the same JDK choice, build and options
starts_servers=false
if [ "$mode" = suite ] || [ "$mode" = cluster ]; then
  starts_servers=true
fi
if $starts_servers; then
  # bench.sh's own options; the rest goes to dev.jeton.bench.Suite
  suite_build=true
  suite_args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --no-build) suite_build=false; shift ;;
      --java) [ $# -ge 2 ] || usage 2; JETON_JAVA=$2; export JETON_JAVA; shift 2 ;;
      -h|--help) usage 0 ;;
      *) suite_args+=("$1"); shift ;;
    esac
  done
  # shellcheck source=server-config/jdk.sh
  . "$repo/server-config/jdk.sh"
  suite_java=$(jeton_java)
  [ -x "$(command -v "$suite_java")" ] || { echo "bench.sh suite: no java at $suite_java" >&2; exit 2; }
  echo "JDK for the server, the load generator and the bare costs: $(jeton_java_version "$suite_java")" >&2
fi

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
if [ "$mode" = soak ] || { $starts_servers && $suite_build; }; then
  # these start the server: the WAR is built from clean (no stale classes in it)
  build=(clean package -DskipTests)
else
  build=(test-compile)
fi
if $starts_servers && ! $suite_build; then
  [ -f target/jeton.war ] && [ -f target/runtime/payara-micro.jar ] \
    || { echo "bench.sh suite --no-build: no target/jeton.war (build once without --no-build)" >&2; exit 2; }
fi
echo "Compiling (mvn ${build[*]}) ..." >&2
# earlier suite reports survive the clean build
kept=
if [ "${build[0]}" = clean ] && [ -d target/bench ]; then
  kept=$(mktemp -d)
  mv target/bench "$kept/"
fi
mvn -q -B -o "${build[@]}" || { echo "offline build failed; trying online" >&2; mvn -q -B "${build[@]}"; }
if [ -n "$kept" ]; then
  mkdir -p target && mv "$kept/bench" target/ && rmdir "$kept"
fi

classpath_file=target/bench.classpath
if [ ! -s "$classpath_file" ] || [ pom.xml -nt "$classpath_file" ]; then
  echo "Resolving the test class path ..." >&2
  cp_args=(dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file")
  mvn -q -B -o "${cp_args[@]}" || { echo "offline resolution failed; trying online" >&2; mvn -q -B "${cp_args[@]}"; }
fi
# The class path lists a POM-typed dependency (microprofile); only jars and directories matter.
deps=$(tr ':' '\n' < "$classpath_file" | grep -v '\.pom$' | paste -sd: -)
classpath=target/classes:target/test-classes:$deps

if $starts_servers; then
  # the load generator on the server's JDK; a serial collector keeps its own CPU low and steady
  # shellcheck disable=SC2086
  exec "$suite_java" ${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g} -Djeton.repo="$repo" -cp "$classpath" "$main" \
    ${suite_args[@]+"${suite_args[@]}"}
fi
if [ "$mode" != soak ]; then
  # shellcheck disable=SC2086
  exec java ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$main" "$@"
fi

# The soak: its own server on loopback, its own clients and data, stopped at the end.
port=8089; broker_port=61609; rate=40; seconds=180
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --broker-port) broker_port=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "bench.sh soak: unknown option $1" >&2; usage 2 ;;
  esac
done
data=$repo/target/soak-data
rm -rf "$data"; mkdir -p "$data"
JETON_SOAK_SECRET=$(java -cp target/classes dev.jeton.client.ClientSecrets | sed -n 's/^client_secret: //p')
JETON_SOAK_USER_PASSWORD=$(java -cp target/classes dev.jeton.client.ClientSecrets | sed -n 's/^client_secret: //p' | cut -c1-20)
export JETON_SOAK_SECRET JETON_SOAK_USER_PASSWORD JETON_DEMO_USER_PASSWORD=$JETON_SOAK_USER_PASSWORD
# fewer PBKDF2 iterations for the soak's user: the soak looks for leaks and lost events, and
# 600,000 iterations per sign-in would spend the two cores on password hashing alone
"$repo/server-config/run.sh" --no-build --port "$port" --broker-port "$broker_port" --data-dir "$data" \
  --clients-file "$repo/target/test-classes/soak-clients.json" -Djeton.users.pbkdf2-iterations=20000 \
  > "$data/run.out" 2>&1 &
run_pid=$!
stop_server() { kill "$run_pid" 2>/dev/null || true; wait "$run_pid" 2>/dev/null || true; }
trap stop_server EXIT
for _ in $(seq 1 240); do
  grep -q "Jeton is running" "$data/run.out" 2>/dev/null && break
  kill -0 "$run_pid" 2>/dev/null || { echo "the server did not start:" >&2; tail -20 "$data/run.out" >&2; exit 1; }
  sleep 1
done
server_pid=$(pgrep -P "$run_pid" java || true)
[ -n "$server_pid" ] || { echo "bench.sh soak: the server did not start (see $data)" >&2; exit 1; }
echo "server pid $server_pid on http://localhost:$port, broker port $broker_port; soak $rate req/s for $seconds s" >&2
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -cp "$classpath" "$main" "http://localhost:$port" "$broker_port" "$server_pid" \
  "$rate" "$seconds"
