#!/usr/bin/env bash
# Administers the users of Jeton's default user store through its admin endpoint.
#
#   server-config/users.sh list
#   server-config/users.sh add USERNAME [--name "Full Name"] [--email a@b.c]
#   server-config/users.sh password USERNAME
#   server-config/users.sh disable USERNAME | enable USERNAME
#   server-config/users.sh sessions USERNAME             (the user's active sessions, with their sid)
#   server-config/users.sh end-session USERNAME SID      (ends one; its clients get back-channel logout)
#   server-config/users.sh end-sessions USERNAME         (ends them all)
#
# Passwords are read from the terminal (or JETON_USER_PASSWORD), never from the command line.
# It authenticates as an admin client registered for client_credentials with the scope
# jeton.admin: JETON_ADMIN_CLIENT_ID (default jeton-admin) and JETON_ADMIN_CLIENT_SECRET (default:
# the one run.sh generated in $JETON_DATA_DIR/secrets/admin-client-secret). JETON_ISSUER is the
# server (default http://localhost:8080). Needs curl.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
issuer=${JETON_ISSUER:-http://localhost:8080}
client_id=${JETON_ADMIN_CLIENT_ID:-jeton-admin}
secret_file=${JETON_DATA_DIR:-$repo/data}/secrets/admin-client-secret
secret=${JETON_ADMIN_CLIENT_SECRET:-$( [ -r "$secret_file" ] && cat "$secret_file" || true)}

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
[ $# -ge 1 ] || usage 2
[ -n "$secret" ] || { echo "users.sh: set JETON_ADMIN_CLIENT_SECRET" >&2; exit 2; }

json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
ask_password() {
  if [ -n "${JETON_USER_PASSWORD:-}" ]; then printf '%s' "$JETON_USER_PASSWORD"; return; fi
  local p1 p2
  read -rs -p "Password: " p1 </dev/tty; echo >&2
  read -rs -p "Again: " p2 </dev/tty; echo >&2
  [ "$p1" = "$p2" ] || { echo "users.sh: the passwords differ" >&2; exit 2; }
  printf '%s' "$p1"
}

token=$(curl -fsS -u "$client_id:$secret" -d grant_type=client_credentials -d scope=jeton.admin \
  "$issuer/oauth/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || { echo "users.sh: no admin token from $issuer/oauth/token" >&2; exit 1; }
call() { # METHOD PATH [BODY]: prints the answer, fails on a non-2xx status
  local body code
  body=$(mktemp)
  code=$(curl -sS -o "$body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' ${3:+--data-binary "$3"} "$issuer/admin/users$2")
  [ -s "$body" ] && { cat "$body"; echo; }
  rm -f "$body"
  [[ $code == 2* ]] || { echo "users.sh: HTTP $code" >&2; exit 1; }
}

cmd=$1; shift
case "$cmd" in
  list) call GET "" ;;
  add)
    [ $# -ge 1 ] || usage 2
    user=$1; shift; name=""; email=""
    while [ $# -gt 0 ]; do case "$1" in --name) name=$2; shift 2 ;; --email) email=$2; shift 2 ;; *) usage 2 ;; esac; done
    claims="{}"
    [ -n "$name$email" ] && claims="{${name:+\"name\":$(json_string "$name")}${name:+${email:+,}}${email:+\"email\":$(json_string "$email")}}"
    call POST "" "{\"username\":$(json_string "$user"),\"password\":$(json_string "$(ask_password)"),\"claims\":$claims}" ;;
  password) [ $# -eq 1 ] || usage 2; call PUT "/$1/password" "{\"password\":$(json_string "$(ask_password)")}" ;;
  disable) [ $# -eq 1 ] || usage 2; call PUT "/$1/enabled" '{"enabled":false}' ;;
  enable) [ $# -eq 1 ] || usage 2; call PUT "/$1/enabled" '{"enabled":true}' ;;
  sessions) [ $# -eq 1 ] || usage 2; call GET "/$1/sessions" ;;
  end-session) [ $# -eq 2 ] || usage 2; call DELETE "/$1/sessions/$2" ;;
  end-sessions) [ $# -eq 1 ] || usage 2; call DELETE "/$1/sessions" ;;
  -h|--help) usage 0 ;;
  *) usage 2 ;;
esac
