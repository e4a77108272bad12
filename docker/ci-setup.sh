#!/usr/bin/env bash
# Prepares a machine without a container registry for the container tests:
# installs Docker and compose from Debian's packages if missing, starts dockerd if it is not
# running, builds the local base images and the daemon image (tcpstack:dev; the jar is
# built first if daemon/target/tcpstack.jar is missing).
# Idempotent; each step prints how long it took. Needs root.
#
#   docker/ci-setup.sh            # from the repository root or anywhere
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
dockerd_log="${DOCKERD_LOG:-/var/log/tcpstack-dockerd.log}"
docker_wait_seconds="${DOCKER_WAIT_SECONDS:-60}"

step() { # step NAME COMMAND...: runs COMMAND and reports its duration
  local name="$1" start end
  shift
  start=$(date +%s)
  "$@"
  end=$(date +%s)
  echo "[ci-setup] $name: $((end - start)) s"
}

install_docker() {
  if command -v dockerd >/dev/null && command -v debootstrap >/dev/null \
      && { docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null; }; then
    return
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Compose: Debian's docker-compose (1.29); docker/compose also takes the v2 plugin where present.
  apt-get install -y -qq --no-install-recommends docker.io debootstrap docker-compose >/dev/null
}

start_dockerd() {
  if docker info >/dev/null 2>&1; then
    return
  fi
  if ! pgrep -x dockerd >/dev/null; then
    nohup dockerd >"$dockerd_log" 2>&1 </dev/null &
  fi
  local deadline=$((SECONDS + docker_wait_seconds))
  until docker info >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "[ci-setup] dockerd did not answer within ${docker_wait_seconds} s; its log:" >&2
      tail -n 40 "$dockerd_log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

build_daemon_jar() {
  if [[ -f "$root/daemon/target/tcpstack.jar" ]]; then
    return
  fi
  (cd "$root" && JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}" \
    ./mvnw -B -q -pl daemon -am package -DskipTests)
}

step "install docker.io and compose" install_docker
step "start dockerd" start_dockerd
step "build base images" "$here/build-base-images.sh"
step "build daemon jar" build_daemon_jar
step "build daemon image" "$here/build-image.sh"
