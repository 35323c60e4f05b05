#!/usr/bin/env bash
# The sample WAR's pipeline on stock Open Liberty against hand-written pipeline B, on the local
# broker, same message count, in pairs (sample then B, then B then sample, ...).
#
#   barterdude-benchmark/pipeline-on-liberty.sh        (from the repository root)
#
# Builds the library, the sample WAR and the benchmark from this checkout, creates a Liberty server
# of its own (SERVER, ports HTTP_PORT/HTTPS_PORT) with the project's liberty-maven-plugin setup, and
# gives it a virtual host of its own (BARTERDUDE_VIRTUAL_HOST), so it disturbs no other server or
# test. Each run is io.barterdude.benchmark.PipelineFeed: it fills the input queue with a warm-up
# and MESSAGES, binds a queue of its own to my_exchange, and times the outputs from the last
# warm-up one to the last one. For the sample, the input is queue1 and the server is started with
# liberty:start once the queue is filled, stopped afterwards, and queue1 must then be empty (every
# input acknowledged). B (AsyncConfirmPipeline, prefetch 256, 10 workers) runs in the feed's JVM on
# a queue of its own in the same virtual host and publishes to the same my_exchange, whose
# my_exchange_copy takes a copy as for the sample. Exits 1 on an error; the feed is ended, the
# server stopped and the virtual host deleted in any case.
#
# Environment: MESSAGES (10000 per run), PAIRS (2), SERVER (bdBenchPipeline), HTTP_PORT (9380),
# HTTPS_PORT (9743).
set -euo pipefail

MESSAGES=${MESSAGES:-10000}
PAIRS=${PAIRS:-2}
SERVER=${SERVER:-bdBenchPipeline}
HTTP_PORT=${HTTP_PORT:-9380}
HTTPS_PORT=${HTTPS_PORT:-9743}
VHOST="bd-bench-liberty-$$-$RANDOM"
LIBERTY=(-DserverName="$SERVER" -Dliberty.http.port="$HTTP_PORT" -Dliberty.https.port="$HTTPS_PORT")
SERVER_LOG="barterdude-sample-war/target/liberty/wlp/usr/servers/$SERVER/logs/messages.log"
FEED_OUT="barterdude-benchmark/target/pipeline-feed.out"
server_started=false
feed_pid=""

cd "$(dirname "$0")/.."

# Maven in quiet batch mode, without the colour codes Maven 3.8 still prints.
mvn_quiet() {
  mvn -q -B "$@" 2>&1 | awk '{ gsub(/\033\[[0-9;]*m/, ""); if (length) print }'
}

cleanup() {
  if [[ -n "$feed_pid" ]] && kill -0 "$feed_pid" 2>/dev/null; then
    kill "$feed_pid"
  fi
  if $server_started; then
    stop_server || echo "could not stop Liberty server $SERVER" >&2
  fi
  rabbitmqctl -q delete_vhost "$VHOST" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() {
  server_started=true
  BARTERDUDE_VIRTUAL_HOST="$VHOST" BARTERDUDE_CONNECTION_NAME="bd-bench-liberty-sample" \
    mvn_quiet -pl barterdude-sample-war -am -DskipTests package liberty:start "${LIBERTY[@]}"
  local deadline=$((SECONDS + 180))
  until curl -fs "http://localhost:$HTTP_PORT/health/ready" | grep -q '"status":"UP"'; do
    if ((SECONDS > deadline)); then
      echo "the sample is not ready after 180 s; see $SERVER_LOG" >&2
      return 1
    fi
    sleep 1
  done
}

stop_server() {
  mvn_quiet -pl barterdude-sample-war liberty:stop "${LIBERTY[@]}"
  server_started=false
}

# Starts PipelineFeed in the background with the given properties; returns once the input is filled.
feed_start() {
  rm -f "$FEED_OUT"
  java -Xms512m -Xmx512m -cp "barterdude-benchmark/target/classes:$BENCH_CLASSPATH" \
    -Dbench.virtual-host="$VHOST" -Dbench.exchange=my_exchange \
    -Dbench.pipeline-messages="$MESSAGES" "$@" io.barterdude.benchmark.PipelineFeed \
    >"$FEED_OUT" 2>&1 &
  feed_pid=$!
  until grep -qs '^filled' "$FEED_OUT"; do
    if ! kill -0 "$feed_pid" 2>/dev/null; then
      cat "$FEED_OUT" >&2
      return 1
    fi
    sleep 0.2
  done
}

# Waits for the feed; prints its output and leaves the rate in $rate.
feed_wait() {
  local status=0
  wait "$feed_pid" || status=$?
  feed_pid=""
  grep -v '^filled' "$FEED_OUT" | sed 's/^/    /'
  if ((status != 0)); then
    return "$status"
  fi
  rate=$(awk '$1 == "rate" { print $2 }' "$FEED_OUT")
}

run_sample() {
  echo "  sample WAR on Open Liberty (queue1 -> my_exchange):"
  feed_start -Dbench.input=queue1
  start_server
  feed_wait
  sample_rate=$rate
  stop_server
  local left
  left=$(rabbitmqctl -q list_queues -p "$VHOST" --no-table-headers name messages |
    awk '$1 == "queue1" { print $2 }')
  if [[ "$left" != "0" ]]; then
    echo "queue1 holds ${left:-no count} messages after the server stopped" >&2
    return 1
  fi
}

run_b() {
  echo "  hand-written B (same broker, same virtual host, -> my_exchange):"
  feed_start
  feed_wait
  b_rate=$rate
}

echo "building the library, the sample WAR (server $SERVER, ports $HTTP_PORT/$HTTPS_PORT) and the benchmark"
mvn_quiet -Pbenchmark -pl barterdude-sample-war,barterdude-benchmark -am -DskipTests \
  package liberty:create liberty:deploy dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt "${LIBERTY[@]}"
BENCH_CLASSPATH=$(cat barterdude-benchmark/target/classpath.txt)
rabbitmqctl -q add_vhost "$VHOST"
rabbitmqctl -q set_permissions -p "$VHOST" guest ".*" ".*" ".*"
echo "virtual host $VHOST, $MESSAGES messages per run, $PAIRS pairs"

ratios=()
for ((pair = 1; pair <= PAIRS; pair++)); do
  echo "pair $pair"
  if ((pair % 2 == 1)); then
    run_sample
    run_b
  else
    run_b
    run_sample
  fi
  ratio=$(awk -v s="$sample_rate" -v b="$b_rate" 'BEGIN { printf "%.3f", s / b }')
  ratios+=("$ratio")
  printf '  pair %d: sample %s msg/s, hand-written B %s msg/s, sample / B %s\n' \
    "$pair" "$sample_rate" "$b_rate" "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g |
  awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "median sample / hand-written B over $PAIRS pairs: $median"
