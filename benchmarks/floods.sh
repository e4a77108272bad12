# The flood figures of ./benchmarks/run --floods: one legitimate iperf3 stream to the server while
# hping3 floods it from the same client namespace with forged random source addresses, as fast as
# hping3 can send, for the stack and for the kernel reference in the same repetition. Sourced, not
# run; uses ./benchmarks/run's seconds, record and missing_figure, and lib.sh.

# kind, hping3 flags: each at a port both servers have (80 HTTP, 7 echo, 5201 iperf3; 1 is closed)
flood_kinds=(
    "SYN to a listener|-S -p 80"
    "ACK to a closed port|-A -p 1"
    "ACK to a listener|-A -p 7"
    "RST to the iperf3 port|-R -p 5201"
)

# Gbit/s at the receiver of one iperf3 stream to HOST from NS, or nothing if it failed.
stream_gbits() { # NS HOST
    ip netns exec "$1" timeout $((seconds + 30)) iperf3 -c "$2" -t "$seconds" -P 1 --json 2>/dev/null \
        | python3 -c 'import json,sys; print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))' \
            2>/dev/null || true
}

# Packets the server side of DEV in NS has received so far (tx of a TUN is towards the stack).
packets_in() { # NS DEV rx|tx
    ip -n "$1" -j -s link show "$2" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']['$3']['packets'])"
}

# For SYSTEM: the stream alone, then under each flood; records each flooded rate as a fraction of
# the one alone in this repetition, and the flood's packet rate as the server side saw it.
flood_figures() { # SYSTEM NS HOST DEVICE_NS DEVICE rx|tx
    local system="$1" ns="$2" host="$3" device_ns="$4" device="$5" direction="$6" alone kind flags gbits before after hping started
    alone="$(stream_gbits "$ns" "$host")"
    if [[ -z "$alone" ]]; then
        missing_figure "$system" "iperf3 against $system without a flood failed; flood figures left out"
        return 0
    fi
    for kind in "${flood_kinds[@]}"; do
        flags="${kind#*|}" kind="${kind%%|*}"
        before="$(packets_in "$device_ns" "$device" "$direction")"
        started="$(date +%s.%N)"
        # shellcheck disable=SC2086 # flags are words
        ip netns exec "$ns" timeout $((seconds + 2)) hping3 $flags --rand-source --flood "$host" >/dev/null 2>&1 &
        hping=$!
        started_pids+=("$hping")
        gbits="$(stream_gbits "$ns" "$host")"
        after="$(packets_in "$device_ns" "$device" "$direction")"
        kill "$hping" 2>/dev/null || true
        wait "$hping" 2>/dev/null || true
        if [[ -z "$gbits" ]]; then
            missing_figure "$system" "iperf3 against $system under a $kind flood failed"
            continue
        fi
        record "one stream under a $kind flood, fraction of the stream alone" "x" higher "$system" \
            "$(python3 -c "print(f'{$gbits / $alone:.3f}')")"
        record "$kind flood rate reaching the server" "kpkt/s" higher "$system" \
            "$(python3 -c "import time; print(f'{($after - $before) / (time.time() - $started) / 1e3:.0f}')")"
    done
}

# Both systems, once per repetition, at the main set-up (MTU 1500 with offloads).
floods() {
    # the kernel's SYN-ACKs and RSTs to forged sources must leave as the stack's do (the stack
    # answers every source through its TUN): a default route back to the client namespace
    ip -n "$ns_server" route replace default via "$kernel_client_ip"
    flood_figures stack "$ns_stack" "$stack_ip" "$ns_stack" tsb0 tx
    flood_figures kernel "$ns_client" "$kernel_server_ip" "$ns_server" tsbv1 rx
}

require_flood_tools() {
    if ! command -v hping3 >/dev/null; then
        log "installing hping3"
        DEBIAN_FRONTEND=noninteractive apt-get install -y hping3 >/dev/null \
            || die "cannot install hping3: run 'apt-get update' first"
    fi
}
