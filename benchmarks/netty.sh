# The Netty rows of ./benchmarks/run (--netty, --netty-only): the examples' Netty HTTP hello-world
# (NettyHello, one event loop) on tcpstack over the TUN against the same server on Netty's epoll
# transport on the kernel's TCP over the veth pair, the same ab client for both in the same
# repetition. Sourced, not run; uses ./benchmarks/run's record and missing_figure, and lib.sh.

netty_port=8080

# Starts NettyHello on TRANSPORT in NS and waits until it listens; sets server_pid.
start_netty_hello() { # NS TRANSPORT ARGS...
    local ns="$1" transport="$2"
    shift 2
    start_server "$ns" "$bench_out/netty-hello-$transport.log" "hello on port $netty_port listening" \
        "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$bench_jar" \
        io.tcpstack.benchmarks.NettyHello "$transport" "$@" "$netty_port"
}

# One ab run against the hello-world at HOST from NS: requests/s and the p50 and p99 of the
# request times (ab's -e percentiles, ms), keep-alive (ab -k) or a new connection per request
# (Connection: close, which the server honours by closing after the response).
netty_hello_figures() { # SYSTEM NS HOST keep-alive|close CONCURRENCY REQUESTS
    local system="$1" ns="$2" host="$3" mode="$4" concurrency="$5" requests="$6" report rate failed csv
    local flags=(-q -r -s 10 -n "$requests" -c "$concurrency")
    csv="$bench_out/netty-hello-$system-$mode-c$concurrency.csv"
    if [[ "$mode" == keep-alive ]]; then flags+=(-k); else flags+=(-H "Connection: close"); fi
    report="$(ip netns exec "$ns" timeout 120 ab "${flags[@]}" -e "$csv" "http://$host:$netty_port/" 2>&1)" || true
    rate="$(sed -n 's/^Requests per second: *\([0-9.]*\).*/\1/p' <<<"$report")"
    failed="$(sed -n 's/^Failed requests: *\([0-9]*\).*/\1/p' <<<"$report")"
    if [[ -z "$rate" || "${failed:-1}" != 0 ]]; then
        missing_figure "$system" "ab $mode -c $concurrency against Netty on $system: ${failed:-?} failed requests; figure left out"
        return 0
    fi
    local setup="Netty HTTP hello-world, $mode, ab -c $concurrency"
    record "$setup" "req/s" higher "$system" "$rate"
    record "$setup, p50" "ms" lower "$system" "$(sed -n 's/^50,//p' "$csv")"
    record "$setup, p99" "ms" lower "$system" "$(sed -n 's/^99,//p' "$csv")"
}

# Every Netty figure of one repetition, both sides; NettyHello must run on both.
netty_hello_repetition() { # REQUESTS_KEEPALIVE REQUESTS_CLOSE
    local mode concurrency requests
    for mode in keep-alive close; do
        requests="$1"
        [[ "$mode" == close ]] && requests="$2"
        for concurrency in 1 50; do
            netty_hello_figures stack "$ns_stack" "$stack_ip" "$mode" "$concurrency" "$requests"
            netty_hello_figures kernel "$ns_client" "$kernel_server_ip" "$mode" "$concurrency" "$requests"
        done
    done
}

# Starts both servers (the stack's own TUN in its namespace, epoll in the kernel's server
# namespace), warms both JVMs up untimed, runs REPS repetitions and stops both.
netty_hello_rows() { # REPS REQUESTS_KEEPALIVE REQUESTS_CLOSE
    local rep stack_hello_pid kernel_hello_pid
    [[ -d /var/run/netns && -e "/var/run/netns/$ns_stack" ]] || add_ns "$ns_stack"
    start_netty_hello "$ns_stack" tcpstack --tun tsb0 --address "$stack_ip/24" --peer "${stack_ip%.*}.1"
    stack_hello_pid="$server_pid"
    start_netty_hello "$ns_server" epoll
    kernel_hello_pid="$server_pid"
    log "Netty hello-world: warm-up"
    ip netns exec "$ns_stack" timeout 60 ab -q -r -k -n "$2" -c 10 "http://$stack_ip:$netty_port/" >/dev/null 2>&1 || true
    ip netns exec "$ns_client" timeout 60 ab -q -r -k -n "$2" -c 10 "http://$kernel_server_ip:$netty_port/" >/dev/null 2>&1 || true
    for ((rep = 1; rep <= $1; rep++)); do
        log "Netty hello-world, repetition $rep of $1"
        netty_hello_repetition "$2" "$3"
    done
    stop_server "$stack_hello_pid"
    stop_server "$kernel_hello_pid"
}
