# Which JDK runs Jeton; sourced by run.sh and bench.sh.
#
# The newest installed of JDK 25 and JDK 21 under /usr/lib/jvm (a JDK directory with a release file
# saying JAVA_VERSION="25..." or "21..."), else the java on the PATH. JETON_JAVA overrides: a java
# binary or a JDK directory. The WAR stays Java 17 bytecode; a newer JDK runs it faster (issue #13).

# Prints the java binary to use.
jeton_java() {
  if [ -n "${JETON_JAVA:-}" ]; then
    if [ -d "$JETON_JAVA" ]; then printf '%s\n' "$JETON_JAVA/bin/java"; else printf '%s\n' "$JETON_JAVA"; fi
    return
  fi
  local major dir
  for major in 25 21; do
    for dir in /usr/lib/jvm/*; do
      [ -x "$dir/bin/java" ] && [ -f "$dir/release" ] || continue
      if grep -q "^JAVA_VERSION=\"$major[.\"]" "$dir/release"; then
        printf '%s\n' "$dir/bin/java"
        return
      fi
    done
  done
  command -v java
}

# Prints "25.0.3 (Eclipse Adoptium, /usr/lib/jvm/temurin-25-jdk-amd64)" for a java binary, from the
# JDK's release file when it has one (no JVM started), else from java -version.
jeton_java_version() {
  local bin home version vendor
  bin=$(readlink -f "$(command -v "$1")")
  home=$(dirname "$(dirname "$bin")")
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$home/release")
    vendor=$(sed -n 's/^IMPLEMENTOR="\(.*\)"$/\1/p' "$home/release")
    printf '%s (%s, %s)\n' "$version" "${vendor:-unknown vendor}" "$home"
  else
    printf '%s (%s)\n' "$("$bin" -version 2>&1 | head -1)" "$home"
  fi
}
