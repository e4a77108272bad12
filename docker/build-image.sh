#!/usr/bin/env bash
# Builds the daemon image from the jar Maven already built (daemon/target/tcpstack.jar),
# on the local base images of build-base-images.sh, without any registry:
#   docker/build-image.sh [TAG]          # TAG defaults to tcpstack:dev
# The build context holds only the Dockerfile's inputs, so it is sent in an instant.
# Environment: BASE and JDK_IMAGE override the base images (otherwise the local ones are
# built first where missing); TCPSTACK_JAR overrides the jar.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
tag="${1:-tcpstack:dev}"
jar="${TCPSTACK_JAR:-$root/daemon/target/tcpstack.jar}"

[[ -f "$jar" ]] || {
  echo "build-image: $jar is missing; build it with: ./mvnw -B -q -pl daemon -am package -DskipTests" >&2
  exit 1
}

if [[ -z "${BASE:-}${JDK_IMAGE:-}" ]]; then
  "$here/build-base-images.sh"
fi

context="$(mktemp -d /tmp/tcpstack-image.XXXXXX)"
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/docker" "$context/daemon/target"
cp "$here/Dockerfile" "$here/tcpstack" "$here/tcpstack-healthcheck" "$context/docker/"
cp "$root/daemon/pom.xml" "$context/daemon/"
cp "$jar" "$context/daemon/target/tcpstack.jar"

docker build -q --target prebuilt \
  --build-arg "BASE=${BASE:-local/bookworm-min:latest}" \
  --build-arg "JDK_IMAGE=${JDK_IMAGE:-local/tcpstack-jdk:latest}" \
  -f "$context/docker/Dockerfile" -t "$tag" "$context" >/dev/null
echo "[build-image] $tag"
