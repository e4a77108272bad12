# Shared by ./benchmarks/run and ./benchmarks/profile: JDK choice, build, network namespaces and
# the processes started in them, all removed again by cleanup (installed as an EXIT trap).
# Sourced, not run.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_out="$bench_root/benchmarks/target"
bench_jar="$bench_out/benchmarks.jar"
daemon_jar="$bench_root/daemon/target/tcpstack.jar"

# Addresses: the stack's TUN subnet, and the veth pair of the kernel reference.
stack_ip=10.9.0.2
kernel_server_ip=10.9.1.2
kernel_client_ip=10.9.1.1

# Names are unique per run, so that two runs (or a stale one) never collide.
ns_stack="tsb$$-stack"
ns_client="tsb$$-kc"
ns_server="tsb$$-ks"
ns_ceiling="tsb$$-ceil"

started_pids=()
created_ns=()

die() {
    echo "benchmarks: $*" >&2
    exit 1
}

log() {
    echo "benchmarks: $*" >&2
}

cleanup() {
    local pid ns
    for pid in "${started_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${started_pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    for ns in "${created_ns[@]}"; do
        ip netns del "$ns" 2>/dev/null || true
    done
}

require_root() {
    [[ $EUID -eq 0 ]] || die "must run as root: it creates network namespaces, a TUN and a veth pair"
}

# Installs the Debian packages of the client tools that are missing.
require_tools() {
    local missing=()
    command -v iperf3 >/dev/null || missing+=(iperf3)
    command -v ab >/dev/null || missing+=(apache2-utils)
    command -v python3 >/dev/null || missing+=(python3)
    if ((${#missing[@]} > 0)); then
        log "installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >/dev/null \
            || die "cannot install ${missing[*]}: run 'apt-get update' first"
    fi
}

pick_java() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
        if [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/jfr" ]]; then
            local v
            v="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
                | sed -n 's/^ *java\.specification\.version = //p')"
            if [[ "$v" =~ ^[0-9]+$ ]] && ((v >= 21)); then
                export JAVA_HOME="$candidate"
                return 0
            fi
        fi
    done
    die "no JDK 21 or later found (set JAVA_HOME)"
}

# Builds the daemon and benchmark jars when either is missing or $1 is "always".
build_jars() {
    if [[ "${1:-}" == always || ! -f "$daemon_jar" || ! -f "$bench_jar" ]]; then
        log "building $daemon_jar and $bench_jar"
        (cd "$bench_root" && ./mvnw -B -q -DskipTests -pl daemon,benchmarks -am package) >&2
    fi
}

bench_java() { # runs a class of the benchmarks jar: bench_java NS CLASS ARGS...
    local ns="$1"
    shift
    ip netns exec "$ns" "$JAVA_HOME/bin/java" -cp "$bench_jar" "$@"
}

add_ns() {
    ip netns add "$1"
    created_ns+=("$1")
    ip netns exec "$1" ip link set lo up
}

# Waits up to 30 s for a line matching $2 in file $1, failing early if process $3 dies.
await_line() {
    local i
    for ((i = 0; i < 300; i++)); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        kill -0 "$3" 2>/dev/null || die "process $3 exited before '$2'; see $1"
        sleep 0.1
    done
    die "timed out waiting for '$2' in $1"
}

# Starts COMMAND in NS, its output in LOG, and waits for a line matching READY; sets server_pid.
start_server() { # NS LOG READY COMMAND...
    local ns="$1" log_file="$2" ready="$3"
    shift 3
    : >"$log_file"
    ip netns exec "$ns" "$@" >"$log_file" 2>&1 &
    server_pid=$!
    started_pids+=("$server_pid")
    await_line "$log_file" "$ready" "$server_pid"
}

stop_server() { # PID
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# Starts the daemon in $ns_stack with MTU $1, extra JVM options $2 (may be empty), TUN offloads
# $3 (tso, the default, or none) and $4 queues (default 1); sets stack_pid.
start_stack() {
    local mtu="$1" jvm_options="${2:-}" offload="${3:-tso}" queues="${4:-1}"
    local log_file="$bench_out/stack-mtu$1-offload-${3:-tso}-queues-${4:-1}.log"
    [[ -d /var/run/netns && -e "/var/run/netns/$ns_stack" ]] || add_ns "$ns_stack"
    # JAVA_TOOL_OPTIONS reaches the daemon's JVM through the ./tcpstack launcher's exec
    start_server "$ns_stack" "$log_file" "iperf on port 5201 listening" env JAVA_TOOL_OPTIONS="$jvm_options" \
        "$bench_root/tcpstack" run --tun tsb0 --address "$stack_ip/24" --mtu "$mtu" --offload "$offload" --queues "$queues"
    stack_pid="$server_pid"
}

stop_stack() {
    stop_server "$stack_pid"
}

# The kernel reference's network: a veth pair between a client and a server namespace.
start_veth_pair() {
    add_ns "$ns_client"
    add_ns "$ns_server"
    ip link add tsbv0 netns "$ns_client" type veth peer name tsbv1 netns "$ns_server"
    ip -n "$ns_client" addr add "$kernel_client_ip/24" dev tsbv0
    ip -n "$ns_server" addr add "$kernel_server_ip/24" dev tsbv1
    ip -n "$ns_client" link set tsbv0 up
    ip -n "$ns_server" link set tsbv1 up
}

# The kernel reference: the veth pair, iperf3 -s and the daemon's HTTP and echo services on the
# kernel's TCP in the server namespace.
start_kernel_reference() {
    start_veth_pair
    start_server "$ns_server" "$bench_out/kernel-iperf3.log" "Server listening" iperf3 -s --forceflush
    kernel_iperf_pid="$server_pid"
    # the JVM itself is the server process (ip netns exec execs it), for jcmd
    start_server "$ns_server" "$bench_out/kernel-services.log" "echo on port 7 listening" \
        "$JAVA_HOME/bin/java" -cp "$bench_jar" io.tcpstack.benchmarks.KernelServices
    kernel_services_pid="$server_pid"
}

set_kernel_mtu() {
    ip -n "$ns_client" link set tsbv0 mtu "$1"
    ip -n "$ns_server" link set tsbv1 mtu "$1"
}

# Heap in use (KiB) of JVM $1 after a full collection.
heap_used_kib() {
    "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null
    "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -n 1
}

# Resident set size (KiB) of process $1.
rss_kib() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# CPU seconds (user + system) used so far by process $1.
cpu_seconds() {
    local ticks
    ticks="$(getconf CLK_TCK)"
    awk -v hz="$ticks" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}
