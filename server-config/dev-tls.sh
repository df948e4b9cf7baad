#!/usr/bin/env bash
# Makes the TLS material of a development server with mutual TLS (RFC 8705), once, into DIR:
#
#   server-config/dev-tls.sh DIR
#
#   ca.p12 / ca.pem        a development CA (CN=Jeton Dev CA); its key signs the certificates below
#   keystore.p12           the server's key and certificate (alias jeton; CN=localhost, SAN localhost
#                          and 127.0.0.1), issued by the CA, for Payara's HTTPS listener
#   truststore.p12         the certificates the listener accepts client certificates from: the CA
#   client.p12             a client certificate issued by the CA (CN=demo-mtls-client), for curl
#   password               the password of all four PKCS#12 files (random, this user only)
#
# Files that exist are kept; delete DIR to start over. keytool only (it comes with the JDK).
# Development only: the CA's key sits next to what it signed.
set -euo pipefail
dir=${1:?usage: dev-tls.sh DIR}
mkdir -p "$dir" && chmod 700 "$dir"
cd "$dir"
[ -s password ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > password)
pw=$(cat password)
kt() { keytool -noprompt -storetype PKCS12 -storepass "$pw" -keypass "$pw" "$@" >/dev/null 2>&1; }

if [ ! -s ca.p12 ]; then
  kt -genkeypair -keystore ca.p12 -alias ca -keyalg EC -groupname secp256r1 -validity 3650 \
    -dname "CN=Jeton Dev CA" -ext bc:c -ext ku:c=keyCertSign,cRLSign
  keytool -exportcert -rfc -keystore ca.p12 -storepass "$pw" -alias ca -file ca.pem >/dev/null 2>&1
fi

# issue KEYSTORE ALIAS DNAME [EXTENSIONS...]: a key pair in KEYSTORE whose certificate the CA signs
issue() {
  local store=$1 alias=$2 dname=$3; shift 3
  kt -genkeypair -keystore "$store" -alias "$alias" -keyalg EC -groupname secp256r1 -validity 825 -dname "$dname"
  keytool -certreq -keystore "$store" -storepass "$pw" -alias "$alias" -file "$alias.csr" >/dev/null 2>&1
  keytool -gencert -rfc -keystore ca.p12 -storepass "$pw" -alias ca -infile "$alias.csr" -outfile "$alias.pem" \
    -validity 825 "$@" >/dev/null 2>&1
  kt -importcert -keystore "$store" -alias ca -file ca.pem
  kt -importcert -keystore "$store" -alias "$alias" -file "$alias.pem"
  rm -f "$alias.csr"
}
[ -s keystore.p12 ] || issue keystore.p12 jeton "CN=localhost" -ext san=dns:localhost,ip:127.0.0.1 -ext eku=serverAuth
[ -s client.p12 ] || issue client.p12 client "CN=demo-mtls-client,O=Jeton Dev" -ext eku=clientAuth
[ -s truststore.p12 ] || kt -importcert -keystore truststore.p12 -alias jeton-dev-ca -file ca.pem
echo "$dir"
