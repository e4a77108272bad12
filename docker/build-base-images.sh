#!/usr/bin/env bash
# Builds, without any registry, the base images the daemon image is made from:
#   local/bookworm-min:latest   Debian bookworm (debootstrap --variant=minbase), imported
#   local/tcpstack-jdk:latest   local/bookworm-min plus a JDK 21+ copied from this machine
#                               (laid out like the public JDK images: /opt/java/openjdk)
# An image that already exists is kept, so a second run takes a second.
# Environment: JDK_HOME (default: $JAVA_HOME, else Temurin 25), DEBIAN_MIRROR, REBUILD=1.
set -euo pipefail

suite=bookworm
base_image=local/bookworm-min:latest
jdk_image=local/tcpstack-jdk:latest
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
jdk_home="${JDK_HOME:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}"

log() { echo "[build-base-images] $*"; }
die() { echo "build-base-images: $*" >&2; exit 1; }

exists() { [[ "${REBUILD:-}" != 1 ]] && docker image inspect "$1" >/dev/null 2>&1; }

build_base() {
  if exists "$base_image"; then
    log "$base_image exists"
    return
  fi
  command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
  local rootfs="$work/rootfs"
  log "debootstrap $suite from $mirror"
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    - "$base_image" >/dev/null
  log "$base_image imported"
}

build_jdk() {
  if exists "$jdk_image"; then
    log "$jdk_image exists"
    return
  fi
  [[ -x "$jdk_home/bin/jlink" ]] || die "no JDK with jlink at $jdk_home (set JDK_HOME)"
  local version
  version="$("$jdk_home/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java.specification.version = //p')"
  ((version >= 21)) || die "the JDK at $jdk_home is $version; the daemon needs 21 or newer"
  log "$jdk_image from $jdk_home (Java $version)"
  # A copy with symbolic links resolved: a distribution's JDK links lib/security/cacerts
  # to the host's certificate store, which the image does not have.
  local context="$work/jdk-context"
  mkdir "$context"
  cp -RL "$jdk_home" "$context/jdk"
  cat >"$context/Dockerfile" <<DOCKERFILE
FROM $base_image
COPY jdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
DOCKERFILE
  docker build -q -t "$jdk_image" "$context" >/dev/null
}

command -v docker >/dev/null || die "docker is missing"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (is dockerd running?)"
work="$(mktemp -d /tmp/build-base-images.XXXXXX)"
trap 'rm -rf "$work"' EXIT
build_base
build_jdk
