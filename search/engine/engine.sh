#!/usr/bin/env bash
# Starts, stops and reports the portal's development search engine: two Elasticsearch 7.10.2 nodes in one JVM
# (org.codelibs:elasticsearch-cluster-runner from Maven Central), HTTP on 127.0.0.1:9200 and :9201.
#   search/engine/engine.sh start|stop|status|classpath
# (classpath fetches the engine if needed and prints the path of its classpath file, for NodeControl.java)
# Data, logs, the classpath and the process id live under var/search-engine/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR="${SEARCH_ENGINE_DIR:-var/search-engine}"
BASE_PORT="${SEARCH_ENGINE_BASE_PORT:-9199}"  # node N answers on BASE_PORT + N
NODES=2
HEAP="${SEARCH_ENGINE_HEAP:-1g}"
URL="http://127.0.0.1:$((BASE_PORT + 1))"
PID_FILE="$DIR/engine.pid"
CLASSPATH_FILE="$DIR/classpath.txt"
POM=search/engine/pom.xml

nodes() {
  # The number of nodes the cluster reports, or nothing when it does not answer.
  curl -sf -m 2 "$URL/_cluster/health" 2>/dev/null | sed -n 's/.*"number_of_nodes":\([0-9]*\).*/\1/p'
}

running_pid() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null && cat "$PID_FILE"
}

fetch() {
  mkdir -p "$DIR"
  if [ ! -s "$CLASSPATH_FILE" ] || [ "$POM" -nt "$CLASSPATH_FILE" ]; then
    echo "Fetching Elasticsearch 7.10.2 from Maven Central (first time only)…" >&2
    mvn -q -B -f "$POM" dependency:build-classpath -Dmdep.outputFile="$PWD/$CLASSPATH_FILE" >"$DIR/maven.log" 2>&1 \
      || { echo "Maven could not fetch the search engine; see $DIR/maven.log" >&2; exit 1; }
  fi
}

start() {
  if [ "$(nodes)" = "$NODES" ]; then
    echo "Search engine already running: $NODES nodes at $URL and http://127.0.0.1:$((BASE_PORT + 2))."
    return 0
  fi
  if ! command -v java >/dev/null 2>&1; then
    echo "The search engine needs Java 17 (java not found): apt-get install -y openjdk-17-jre-headless" >&2
    exit 1
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    echo "The search engine is fetched from Maven Central with Maven (mvn not found): apt-get install -y maven" >&2
    exit 1
  fi
  fetch
  if [ -z "$(running_pid)" ]; then
    echo "Starting $NODES Elasticsearch nodes (data in $DIR/data, log in $DIR/engine.log)…"
    nohup java -Xms256m -Xmx"$HEAP" -cp "$(cat "$CLASSPATH_FILE")" \
      org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner \
      -numOfNode "$NODES" -baseHttpPort "$BASE_PORT" -basePath "$PWD/$DIR/data" -clusterName portal-search \
      >"$DIR/engine.log" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
  fi
  for _ in $(seq 1 120); do
    if [ "$(nodes)" = "$NODES" ]; then
      echo "Search engine running: $NODES nodes at $URL and http://127.0.0.1:$((BASE_PORT + 2))."
      echo "Serve the portal on it with: SEARCH_URL=$URL make run"
      return 0
    fi
    if [ -z "$(running_pid)" ]; then
      echo "The search engine stopped while starting; the end of $DIR/engine.log:" >&2
      tail -20 "$DIR/engine.log" >&2
      exit 1
    fi
    sleep 1
  done
  echo "The search engine did not report $NODES nodes within 120 s; see $DIR/engine.log" >&2
  exit 1
}

stop() {
  local pid
  pid="$(running_pid || true)"
  if [ -z "$pid" ]; then
    rm -f "$PID_FILE"
    echo "Search engine not running."
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; echo "Search engine stopped."; return 0; }
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  echo "Search engine stopped (forced after 60 s)."
}

status() {
  local n
  n="$(nodes)"
  if [ -n "$n" ]; then
    echo "Search engine at $URL: $n node(s)."
  else
    echo "Search engine not answering at $URL."
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  classpath) fetch; echo "$PWD/$CLASSPATH_FILE" ;;
  *) echo "usage: $0 start|stop|status|classpath" >&2; exit 2 ;;
esac
