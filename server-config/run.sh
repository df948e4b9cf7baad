#!/usr/bin/env bash
# Starts Jeton on Payara Micro with the embedded defaults: H2 in the data directory, the
# embedded ActiveMQ broker, a dev keystore generated on first start and a demo client.
# Everything it makes is kept in the data directory across restarts.
#
#   server-config/run.sh [--port N] [--listen ADDRESS] [--data-dir DIR] [--issuer URL]
#                        [--clients-file FILE] [--broker-url tcp://host:61616] [--broker-port N]
#                        [--db postgresql://host:5432/name] [--no-build] [-Dany.property=value ...]
#                        [--tls] [--tls-port N]
#
# --tls adds an HTTPS listener (port 8443, or --tls-port) that asks for TLS client certificates without
# requiring them (mutual TLS, RFC 8705; docs/mtls.md): server-config/dev-tls.sh makes, once, a development
# CA, the server's certificate (localhost) and a demo client certificate in DATA_DIR/tls; the listener
# accepts client certificates from that CA, and tls_client_auth trusts it (jeton.mtls.trusted-cas).
#
# --db (or JETON_DB_URL) puts the data on an existing PostgreSQL database instead of H2, as
# JETON_DB_USER (default jeton) with the password in JETON_DB_PASSWORD (leave it unset for trust
# authentication); the JDBC driver is fetched from Maven Central once and kept in
# ${XDG_CACHE_HOME:-~/.cache}/jeton. Jeton creates or upgrades its tables at start (docs/database.md).
#
# HTTP listens on 127.0.0.1 only unless --listen names another address (0.0.0.0: every interface).
# Environment variables work too: JETON_HTTP_PORT, JETON_LISTEN_ADDRESS, JETON_DATA_DIR, JETON_ISSUER,
# JETON_CLIENTS_FILE, JETON_BROKER_URL, and any MicroProfile Config property in its
# environment form (JETON_ACCESS_TOKEN_TTL_SECONDS=300 for jeton.access-token.ttl-seconds).
#
# The JDK: the newest installed of 25 and 21 (/usr/lib/jvm), else java on the PATH; --java PATH or
# JETON_JAVA (a java binary or a JDK directory) chooses another. The banner says which.
# JETON_JAVA_OPTS adds JVM options (split at spaces), e.g. JETON_JAVA_OPTS="-Xmx2g". The collector is the JVM's
# choice (G1 on two cores or more); the Parallel GC was measured and not kept (docs/benchmark.md).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
port=${JETON_HTTP_PORT:-8080}
listen=${JETON_LISTEN_ADDRESS:-127.0.0.1}
data_dir=${JETON_DATA_DIR:-$repo/data}
issuer=${JETON_ISSUER:-}
clients_file=${JETON_CLIENTS_FILE:-}
broker_url=${JETON_BROKER_URL:-}
broker_port=${JETON_BROKER_PORT:-61616}
db_url=${JETON_DB_URL:-}
tls=false
tls_port=${JETON_TLS_PORT:-8443}
build=true
props=()

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --java) JETON_JAVA=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    --data-dir) data_dir=$2; shift 2 ;;
    --issuer) issuer=$2; shift 2 ;;
    --clients-file) clients_file=$2; shift 2 ;;
    --broker-url) broker_url=$2; shift 2 ;;
    --broker-port) broker_port=$2; shift 2 ;;
    --db) db_url=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --tls) tls=true; shift ;;
    --tls-port) tls=true; tls_port=$2; shift 2 ;;
    -D*) props+=("$1"); shift ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage 2 ;;
  esac
done
issuer=${issuer:-http://localhost:$port}
# shellcheck source=server-config/jdk.sh
. "$repo/server-config/jdk.sh"
java_bin=$(jeton_java)
java_version=$(jeton_java_version "$java_bin")
clients_file=${clients_file:-$repo/server-config/dev/clients.json}
mkdir -p "$data_dir"
data_dir=$(cd "$data_dir" && pwd)
runtime=$repo/target/runtime

# PostgreSQL: where, and the JDBC driver for Payara (--addlibs), checked against its pinned SHA-256
# (the same version as postgresql.version in pom.xml)
db_libs=()
if [ -n "$db_url" ]; then
  if ! [[ $db_url =~ ^(jdbc:)?postgresql://([^/:@]+)(:([0-9]+))?/([A-Za-z0-9_]+)$ ]]; then
    echo "run.sh: --db wants postgresql://host[:port]/database, not $db_url" >&2; exit 2
  fi
  db_host=${BASH_REMATCH[2]}; db_port=${BASH_REMATCH[4]:-5432}; db_name=${BASH_REMATCH[5]}
  db_user=${JETON_DB_USER:-jeton}
  if ! (exec 3<>"/dev/tcp/$db_host/$db_port") 2>/dev/null; then
    echo "run.sh: nothing answers on $db_host:$db_port (PostgreSQL for --db)" >&2; exit 1
  fi
  pg_version=42.7.13
  pg_sha256=6e0e4cc2d8cae902084f8a2b18728b073a6fd9d1f87c9d8bff8f298c18185b93
  pg_cache=${XDG_CACHE_HOME:-$HOME/.cache}/jeton
  pg_jar=$pg_cache/postgresql-$pg_version.jar
  if ! { [ -f "$pg_jar" ] && echo "$pg_sha256  $pg_jar" | sha256sum -c --status; }; then
    echo "Fetching the PostgreSQL JDBC driver $pg_version from Maven Central into $pg_cache ..."
    mkdir -p "$pg_cache"
    curl -fsSL -o "$pg_jar.part" \
      "https://repo1.maven.org/maven2/org/postgresql/postgresql/$pg_version/postgresql-$pg_version.jar"
    if ! echo "$pg_sha256  $pg_jar.part" | sha256sum -c --status; then
      rm -f "$pg_jar.part"; echo "run.sh: the downloaded driver does not match its SHA-256; not used" >&2; exit 1
    fi
    mv "$pg_jar.part" "$pg_jar"
  fi
  db_libs=(--addlibs "$pg_jar")
fi

if $build || [ ! -f "$repo/target/jeton.war" ]; then
  echo "Building Jeton (mvn clean package) ..."
  (cd "$repo" && mvn -q -B -DskipTests clean package)
fi

# Secrets of the dev setup live in the data directory, readable by this user only.
mkdir -p "$data_dir/secrets" && chmod 700 "$data_dir/secrets"
new_secret() { java -cp "$repo/target/classes" dev.jeton.client.ClientSecrets | sed -n 's/^client_secret: //p'; }
[ -s "$data_dir/secrets/keystore-password" ] || (umask 077; new_secret > "$data_dir/secrets/keystore-password")
[ -s "$data_dir/secrets/demo-client-secret" ] || (umask 077; new_secret > "$data_dir/secrets/demo-client-secret")
[ -s "$data_dir/secrets/admin-client-secret" ] || (umask 077; new_secret > "$data_dir/secrets/admin-client-secret")
[ -s "$data_dir/secrets/registrar-client-secret" ] || (umask 077; new_secret > "$data_dir/secrets/registrar-client-secret")
[ -s "$data_dir/secrets/dpop-nonce-secret" ] || (umask 077; new_secret > "$data_dir/secrets/dpop-nonce-secret")
[ -s "$data_dir/secrets/demo-user-password" ] || (umask 077; new_secret | cut -c1-16 > "$data_dir/secrets/demo-user-password")
export JETON_KEYSTORE_PASSWORD=${JETON_KEYSTORE_PASSWORD:-$(cat "$data_dir/secrets/keystore-password")}
export JETON_DEMO_CLIENT_SECRET=${JETON_DEMO_CLIENT_SECRET:-$(cat "$data_dir/secrets/demo-client-secret")}
export JETON_ADMIN_CLIENT_SECRET=${JETON_ADMIN_CLIENT_SECRET:-$(cat "$data_dir/secrets/admin-client-secret")}
# the registrar gets initial access tokens (scope jeton.register) for /oauth/register
export JETON_REGISTRAR_CLIENT_SECRET=${JETON_REGISTRAR_CLIENT_SECRET:-$(cat "$data_dir/secrets/registrar-client-secret")}
# DPoP nonces (RFC 9449 §8) are an HMAC under this secret; every node of a cluster needs the same one
export JETON_DPOP_NONCE_SECRET=${JETON_DPOP_NONCE_SECRET:-$(cat "$data_dir/secrets/dpop-nonce-secret")}
# the dev profile seeds this one user (and only the dev profile seeds users)
export JETON_DEMO_USER_PASSWORD=${JETON_DEMO_USER_PASSWORD:-$(cat "$data_dir/secrets/demo-user-password")}

# Payara's post-boot commands: the command files of server-config/payara, as they are, one after the
# other (Payara Micro reads one file); their ${jeton.*} placeholders are the system properties below,
# which Payara Micro fills in as it reads the file.
payara_config=$repo/server-config/payara
if [ -n "$broker_url" ]; then
  # tcp://host:port only: the command file builds the URL from host and port (see its comment)
  if [[ ! $broker_url =~ ^tcp://([^:/]+):([0-9]+)/?$ ]]; then
    echo "run.sh: --broker-url must be tcp://host:port (got $broker_url)" >&2; exit 2
  fi
  broker_props=(-Djeton.broker.host="${BASH_REMATCH[1]}" -Djeton.broker.port="${BASH_REMATCH[2]}"
    -Djeton.broker.user="${JETON_BROKER_USER:-jeton}")
  # a broker without authentication ignores the credentials, but the command wants a value
  export JETON_BROKER_PASSWORD=${JETON_BROKER_PASSWORD:-unused}
  resource_adapter=$payara_config/resource-adapter-external-broker.asadmin
else
  broker_props=(-Djeton.broker.port="$broker_port" -Djeton.broker.persistent=true)
  resource_adapter=$payara_config/resource-adapter-embedded-broker.asadmin
fi
db_props=()
if [ -n "$db_url" ]; then
  # server-config/payara/datasource-postgresql.asadmin in place of the H2 one; the password stays a
  # reference to the environment, resolved by Payara, never written into a file
  if [ -z "${JETON_DB_PASSWORD:-}" ]; then
    # Payara's pool refuses a user without a password ("No password credential found"); with trust
    # authentication PostgreSQL asks for none and this one is never sent
    export JETON_DB_PASSWORD=none
  fi
  datasource=$payara_config/datasource-postgresql.asadmin
  db_props=(-Djeton.db.host="$db_host" -Djeton.db.port="$db_port" -Djeton.db.name="$db_name"
    -Djeton.db.user="$db_user")
  db_where="PostgreSQL $db_host:$db_port/$db_name as $db_user"
else
  datasource=$payara_config/datasource-h2.asadmin
  db_where="H2 in $data_dir/db"
fi
# Mutual TLS (docs/mtls.md): the development CA and certificates, made once and kept; the listener's
# configuration is a pre-boot command file of server-config/payara, like the others
tls_props=()
tls_options=()
if $tls; then
  "$repo/server-config/dev-tls.sh" "$data_dir/tls" > /dev/null
  export JETON_TLS_STORE_PASSWORD=${JETON_TLS_STORE_PASSWORD:-$(cat "$data_dir/tls/password")}
  tls_props=(-Djeton.tls.dir="$data_dir/tls" -Djeton.mtls.trusted-cas="$data_dir/tls/ca.pem")
  tls_options=(--sslport "$tls_port" --sslcert jeton)
fi
# Payara Micro splits a command line at blanks and reads ':', '=', '\' and '"' as property syntax
for value in "$data_dir" "$runtime" "${JETON_BROKER_USER:-}" "${JETON_BROKER_PASSWORD:-}" "${db_host:-}" \
    "${db_user:-}"; do
  if [[ $value =~ [[:space:]\"\\:=] ]]; then
    echo "run.sh: blanks, double quotes, backslashes, ':' and '=' can not go into Payara's command files: $value" >&2
    exit 2
  fi
done
cat "$resource_adapter" "$payara_config/resource-adapter-deploy.asadmin" \
  "$payara_config/jms-resources.asadmin" "$datasource" > "$data_dir/postboot.asadmin"
# Before boot, so nothing opens on another address: a dev server is for this machine. HTTP on the
# chosen address; Payara Micro's Hazelcast data grid (port 6900 on every interface, even with
# --nocluster and --nohazelcast) off: Jeton keeps no state in it.
printf '%s\n' \
  "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=$listen" \
  "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false" > "$data_dir/preboot.asadmin"
if $tls; then
  printf '%s\n' "set configs.config.server-config.network-config.network-listeners.network-listener.https-listener.address=$listen" \
    >> "$data_dir/preboot.asadmin"
  cat "$payara_config/https-client-auth.asadmin" >> "$data_dir/preboot.asadmin"
fi

# Payara keeps its own domain configuration in --rootdir; start it fresh every time so that the
# post-boot commands above are what runs (our database, broker store, keystore and secrets are
# elsewhere in the data directory and are kept).
rm -rf "$data_dir/payara"
log=$data_dir/server.log
if [ -n "$broker_url" ]; then
  audit_where="jeton.audit on the external broker $broker_url"
else
  audit_where="jeton.audit on tcp://127.0.0.1:$broker_port (embedded broker)"
fi
# split at spaces, without glob expansion
read -r -a java_opts <<< "${JETON_JAVA_OPTS:-}"
echo "Starting Payara Micro on $listen port $port, JDK $java_version${java_opts[*]:+ (${java_opts[*]})} (log: $log) ..."
"$java_bin" ${java_opts[@]+"${java_opts[@]}"} -Dhibernate.transaction.jta.platform=org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform \
  -Djeton.profile=dev \
  -Djeton.issuer="$issuer" \
  -Djeton.keystore.path="$data_dir/keystore.bcfks" \
  -Djeton.clients.file="$clients_file" \
  -Djeton.dev.demo-user=demo \
  -Djeton.data.dir="$data_dir" -Djeton.resource-adapter.dir="$runtime" "${broker_props[@]}" \
  ${db_props[@]+"${db_props[@]}"} \
  ${tls_props[@]+"${tls_props[@]}"} \
  ${props[@]+"${props[@]}"} \
  -jar "$runtime/payara-micro.jar" \
  --nocluster --nohazelcast --disablephonehome --port "$port" --rootdir "$data_dir/payara" \
  --prebootcommandfile "$data_dir/preboot.asadmin" --postbootcommandfile "$data_dir/postboot.asadmin" \
  ${tls_options[@]+"${tls_options[@]}"} \
  ${db_libs[@]+"${db_libs[@]}"} \
  --deploy "$repo/target/jeton.war" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; exit 0' INT TERM

# Whether Jeton's discovery document answers 200 on the port; bash alone, no curl needed.
answers() {
  local status
  status=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /.well-known/oauth-authorization-server HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
    head -1 <&3) 2>/dev/null) || return 1
  [[ $status == *" 200"* ]]
}

# Payara Micro does not exit when a deployment fails, so watch the log and the endpoint.
for _ in $(seq 1 240); do
  if ! kill -0 $pid 2>/dev/null; then
    echo "Payara Micro stopped; the end of its log:" >&2; tail -40 "$log" >&2; exit 1
  fi
  if grep -qE "ConfigurationException|Exception while (loading|preparing) the app|Startup of context .* failed" "$log"; then
    echo "Jeton did not start:" >&2
    grep -oE "ConfigurationException: [^[:cntrl:]]*|Exception while preparing the app : [^[:cntrl:]]*" "$log" \
      | sort -u | head -3 >&2 \
      || echo "  the deployment failed; see $log" >&2
    kill $pid; wait $pid 2>/dev/null || true; exit 1
  fi
  if answers "$port"; then
    tls_banner=""
    if $tls; then
      tls_banner="
    mutual TLS     https://localhost:$tls_port (client certificates wanted; docs/mtls.md)
                   CA $data_dir/tls/ca.pem, demo client certificate $data_dir/tls/client.p12
                   (password in $data_dir/tls/password)"
    fi
    cat <<BANNER

  Jeton is running.
    issuer         $issuer
    JDK            $java_version
    token endpoint $issuer/oauth/token
    discovery      $issuer/.well-known/oauth-authorization-server
    demo client    client_id:     demo-service
                   client_secret: $JETON_DEMO_CLIENT_SECRET
    demo user      username: demo   password: $JETON_DEMO_USER_PASSWORD
    demo app       client_id: demo-app (public, PKCE), redirect_uri http://127.0.0.1:9876/callback
    users          server-config/users.sh list   (admin client jeton-admin, secret in $data_dir/secrets)
    registration   client registrar (scope jeton.register), secret in $data_dir/secrets/registrar-client-secret
    health         $issuer/health/ready, $issuer/health/live; metrics $issuer/metrics
    audit queue    $audit_where; server-config/audit.sh tail
    database       $db_where
    data           $data_dir$tls_banner

  Try:  curl -s -u demo-service:$JETON_DEMO_CLIENT_SECRET -d grant_type=client_credentials $issuer/oauth/token
  Stop: Ctrl-C
BANNER
    wait $pid
    exit $?
  fi
  sleep 1
done
echo "Jeton did not answer within 240 s; the end of its log:" >&2; tail -40 "$log" >&2
kill $pid; wait $pid 2>/dev/null || true; exit 1
