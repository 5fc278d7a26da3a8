#!/usr/bin/env bash
# Installs what the tests need from the machine beyond `npm ci` (run by `npm test` and `.ci/run`):
#   - system packages: Chromium (browser tests), Mosquitto (MQTT), rsyslog + omelasticsearch (a
#     _bulk peer), Java + Maven (OpenSearch, Elasticsearch, Kafka), curl, logger, docker-compose;
#   - syslog-ng (the other _bulk peer): its Debian packages conflict with rsyslog's, so they are
#     unpacked into .tools/peers/syslog-ng instead (test/indexer/peers.ts);
#   - the engines' jars from Maven Central, when Java and Maven are there.
# On Debian/Ubuntu as root it installs what is missing; elsewhere it prints the one line that
# would, and the tests that need a missing package are skipped with one line each (under CI=true
# they fail instead). Needs Node >= 22 on PATH (`. scripts/node.sh`) and `npm ci` done.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(chromium mosquitto rsyslog rsyslog-elasticsearch default-jdk-headless maven curl bsdutils docker-compose)

step() {
  local name=$1
  shift
  local start=$SECONDS
  echo "::: $name"
  local rc=0
  "$@" || rc=$?
  echo "::: $name took $((SECONDS - start))s"
  return $rc
}

missing_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    case $p in
      # Satisfied by a machine that already has java and mvn, however they were installed.
      default-jdk-headless) command -v java >/dev/null && continue ;;
      maven) command -v mvn >/dev/null && continue ;;
    esac
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  echo "${missing[*]:-}"
}

system_packages() {
  if ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then
    echo "setup: not Debian/Ubuntu; install the equivalents of: ${PACKAGES[*]} (tests that need a missing one are skipped)"
    return 0
  fi
  local list
  list=$(missing_packages)
  if [ -z "$list" ]; then
    echo "setup: system packages present"
  elif [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $list
  else
    echo "setup: missing system packages; to install them: sudo apt-get install -y --no-install-recommends $list (tests that need them are skipped)"
  fi
  mosquitto -h 2>/dev/null | head -1 || true
  chromium --version 2>/dev/null || true
}

syslog_ng() {
  node --input-type=module -e '
    const { ensureSyslogNg } = await import("./test/indexer/peers.ts");
    const found = ensureSyslogNg();
    console.log(found.ok ? `setup: syslog-ng in ${found.path}` : `setup: no syslog-ng (${found.reason}); its test is skipped`);
  '
}

engine_jars() {
  if command -v java >/dev/null && command -v mvn >/dev/null; then
    node test/engines/fetch.ts
  else
    echo "setup: no Java/Maven; the engine tests skip OpenSearch, Elasticsearch and Kafka unless their URLs are set"
  fi
}

step system-packages system_packages
step syslog-ng syslog_ng
step engine-jars engine_jars
