#!/usr/bin/env bash
# Prints Jeton's audit events from the JMS queue (jeton.audit) as JSON lines, one event per line.
#
#   server-config/audit.sh tail  [--follow] [--consume] [--max N] [--broker-url URL] [--queue NAME]
#   server-config/audit.sh drain [--follow] [--max N] [--wait SECONDS] [--broker-url URL] [--queue NAME]
#
# tail only browses the queue: the events stay there for their consumers. drain (or tail --consume)
# takes each event off the queue once it is printed. --follow keeps printing new events until Ctrl-C.
# The broker: --broker-url, else JETON_BROKER_URL, else run.sh's embedded broker at
# tcp://127.0.0.1:${JETON_BROKER_PORT:-61616} (OpenWire). JETON_BROKER_USER and JETON_BROKER_PASSWORD
# for a broker with authentication. Needs a JDK; builds Jeton's classes once if they are missing.
# Event counts go to standard error, so standard output is JSON lines only (e.g. for jq).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
case "${1:-}" in
  tail|drain) ;;
  -h|--help) usage 0 ;;
  *) usage 2 ;;
esac

tool=$repo/target/runtime/audit-tool
if [ ! -f "$repo/target/classes/dev/jeton/tools/AuditTail.class" ] || ! ls "$tool"/activemq-client-*.jar >/dev/null 2>&1; then
  echo "audit.sh: building Jeton's classes once (mvn -DskipTests package) ..." >&2
  (cd "$repo" && mvn -q -B -DskipTests package >&2)
fi
exec java -Dslf4j.internal.verbosity=ERROR -cp "$repo/target/classes:$tool/*" dev.jeton.tools.AuditTail "$@"
