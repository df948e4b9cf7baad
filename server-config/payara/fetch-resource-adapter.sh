#!/usr/bin/env bash
# Fetches the ActiveMQ resource adapter (org.apache.activemq:activemq-rar, the version pom.xml builds
# and tests with) from Maven Central into DIR as activemq-rar.rar: the adapter's name on the server is
# its file name without .rar, and the command files name it activemq-rar.
#
#   server-config/payara/fetch-resource-adapter.sh DIR
#
# The download is checked against the SHA-256 pinned below (for the version the build uses) or, for
# another version (ACTIVEMQ_VERSION=...), against the SHA-1 that Maven Central publishes beside it.
# Needs curl or wget. Set MAVEN_CENTRAL to use a mirror of https://repo.maven.apache.org/maven2.
set -euo pipefail

if [ $# -ne 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then
  sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
dir=$1
repo=$(cd "$(dirname "$0")/../.." && pwd)
built=$(sed -n 's:.*<activemq.version>\(.*\)</activemq.version>.*:\1:p' "$repo/pom.xml" 2>/dev/null | head -1)
version=${ACTIVEMQ_VERSION:-${built:-6.1.8}}
central=${MAVEN_CENTRAL:-https://repo.maven.apache.org/maven2}
# 6.1.8 is the last line with a Jakarta JMS 3.1 adapter (5.18 is javax; 6.2 and later publish no rar)
declare -A pinned_sha256=(
  [6.1.8]=5243dfa95dad4c2dc96abaab2b74a3ba20fdd8f7be0e8ccb8f83a43da5b6e537
)
url=$central/org/apache/activemq/activemq-rar/$version/activemq-rar-$version.rar

download() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    echo "fetch-resource-adapter.sh: needs curl or wget" >&2; return 1
  fi
}

mkdir -p "$dir"
part=$(mktemp "$dir/.activemq-rar.XXXXXX")
trap 'rm -f "$part" "$part.sha1"' EXIT
echo "Fetching $url ..."
download "$url" "$part"
if [ -n "${pinned_sha256[$version]:-}" ]; then
  want=${pinned_sha256[$version]}
  got=$(sha256sum "$part" | cut -d' ' -f1)
else
  download "$url.sha1" "$part.sha1"
  want=$(cut -c1-40 "$part.sha1")
  got=$(sha1sum "$part" | cut -d' ' -f1)
fi
if [ "$want" != "$got" ]; then
  echo "fetch-resource-adapter.sh: checksum mismatch for $url (want $want, got $got)" >&2
  exit 1
fi
mv "$part" "$dir/activemq-rar.rar"
chmod 644 "$dir/activemq-rar.rar"
echo "$dir/activemq-rar.rar: ActiveMQ resource adapter $version"
