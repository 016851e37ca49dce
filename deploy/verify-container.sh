#!/usr/bin/env bash
# Checks the container image on a machine that cannot pull base images (README "Operating
# Hookyard → Container"): builds a Node.js 20 base image from Debian packages with debootstrap,
# builds ./Dockerfile on it with podman, then runs the image against a PostgreSQL on this machine
# — a web container and a worker container — and checks what an operator relies on: migrations at
# start, a non-root user, the HEALTHCHECK, a webhook delivered by the worker, metrics with the
# token, JSON logs, and a clean stop on SIGTERM.
#
#   sudo deploy/verify-container.sh postgresql://postgres:postgres@127.0.0.1:5432/postgres
#
# Needs root, podman, debootstrap, curl, and network access to Debian's and npm's servers. Builds
# in $WORK (default /var/tmp/hookyard-container), nothing in the repository. With podman's default
# runtime failing inside a sandbox (cgroups v1, no setrlimit), set CONTAINERS_CONF to a file with
# `[engine] runtime = "runc"` and `[containers] default_ulimits = []`.
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN_URL=${1:?usage: verify-container.sh <postgres admin URL on this machine>}
WORK=${WORK:-/var/tmp/hookyard-container}
BASE=localhost/hookyard-base:node20-trixie
IMAGE=localhost/hookyard:verify
TOKEN=verify-metrics-token-0123456789
PORT=${PORT:-3300}
WORKER_PORT=${WORKER_PORT:-9300}
RECEIVER_PORT=${RECEIVER_PORT:-9390}
mkdir -p "$WORK"

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

if ! podman image exists "$BASE"; then
  step "base image: Debian 13 (its nodejs is 20.19) from debootstrap"
  rootfs="$WORK/rootfs-trixie"
  [ -d "$rootfs/usr" ] || debootstrap --variant=minbase trixie "$rootfs" http://deb.debian.org/debian
  mount -t proc proc "$rootfs/proc"
  trap 'umount "$rootfs/proc" 2>/dev/null || true' EXIT
  chroot "$rootfs" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm tini ca-certificates && apt-get clean'
  # A TLS-intercepting proxy's CA, if this machine trusts one: npm inside the build needs it too.
  cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
  chroot "$rootfs" update-ca-certificates >/dev/null
  umount "$rootfs/proc"
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' - "$BASE"
fi

step "podman build (Dockerfile, NODE_IMAGE=$BASE)"
[ -n "${SKIP_BUILD:-}" ] && podman image exists "$IMAGE" && echo "SKIP_BUILD: using the $IMAGE built before" ||
podman build --format docker --network host --build-arg NODE_IMAGE="$BASE" -t "$IMAGE" . > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; fail "build"; }
[ "$(podman image inspect "$IMAGE" --format '{{.Config.User}}')" = hookyard ] || fail "the image does not run as the hookyard user"
podman image inspect "$IMAGE" --format '{{json .Config.Healthcheck}}' | grep -q healthcheck.mjs || fail "no HEALTHCHECK"

step "a fresh database"
db="hookyard_container_$$"
psql "$ADMIN_URL" -qc "CREATE DATABASE $db" >/dev/null
DB_URL="${ADMIN_URL%/*}/$db"
ENCRYPTION_KEY=$(openssl rand -base64 32)
KEY="hy_verify_$(openssl rand -hex 16)"
cleanup() {
  podman rm -f hookyard-verify-web hookyard-verify-worker >/dev/null 2>&1 || true
  [ -n "${receiver_pid:-}" ] && kill "$receiver_pid" 2>/dev/null || true
  psql "$ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
common=(--network host -e DATABASE_URL="$DB_URL" -e HOOKYARD_ENCRYPTION_KEY="$ENCRYPTION_KEY" -e NEXTAUTH_SECRET=verify-session-secret
  -e HOOKYARD_METRICS_TOKEN="$TOKEN" -e HOOKYARD_PUBLIC_URL="http://127.0.0.1:$PORT" -e HOOKYARD_ALLOW_HTTP=true -e HOOKYARD_ALLOW_PRIVATE_URLS=true)

step "web container: migrations at start, then the server (no delivery: HOOKYARD_EXTERNAL_WORKERS)"
podman run -d --name hookyard-verify-web "${common[@]}" -e PORT="$PORT" -e HOOKYARD_EXTERNAL_WORKERS=true \
  -e HOOKYARD_BOOTSTRAP_ADMIN_KEY="$KEY" "$IMAGE" >/dev/null
for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 1; done
curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null || { podman logs hookyard-verify-web | tail -30; fail "web health"; }
# Its processes as seen from the host (podman exec is not available in every sandbox).
uids=$(ps -o uid= --pid "$(podman inspect hookyard-verify-web --format '{{.State.Pid}}')" --ppid "$(podman inspect hookyard-verify-web --format '{{.State.Pid}}')" | sort -u | tr -d ' ')
[ "$uids" = 10001 ] || fail "the web container's processes run as uid(s) $uids, not hookyard (10001)"
echo "processes run as uid $uids (hookyard)"
migrations=$(psql "$DB_URL" -tAc 'SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL')
[ "$migrations" = "$(ls -d prisma/migrations/*/ | wc -l)" ] || fail "migrations: $migrations applied"
echo "migrations applied: $migrations"
# The HEALTHCHECK's command, run beside it (podman's own scheduler needs systemd).
healthcheck() { podman run --rm --network host "$@" "$IMAGE" node scripts/healthcheck.mjs; }
healthcheck -e PORT="$PORT" && echo "HEALTHCHECK command: healthy" || fail "HEALTHCHECK"
! healthcheck -e PORT=1 || fail "HEALTHCHECK says healthy with nothing listening"

step "worker container"
podman run -d --name hookyard-verify-worker "${common[@]}" -e HOOKYARD_WORKER_PORT="$WORKER_PORT" \
  -e HOOKYARD_HEALTH_URL="http://127.0.0.1:$WORKER_PORT/health" "$IMAGE" \
  node --conditions=react-server --import tsx scripts/worker.ts >/dev/null
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$WORKER_PORT/health" >/dev/null && break; sleep 1; done
healthcheck -e HOOKYARD_HEALTH_URL="http://127.0.0.1:$WORKER_PORT/health" && echo "worker HEALTHCHECK command: healthy" || fail "worker HEALTHCHECK"

step "a webhook, published through the web container, delivered by the worker container"
received="$WORK/received-$$"
rm -f "$received"
node -e '
  const fs = require("fs");
  require("http").createServer((req, res) => { let b = ""; req.on("data", (c) => (b += c)); req.on("end", () => { fs.appendFileSync(process.argv[1], b + "\n"); res.end("ok"); }); })
    .listen(Number(process.argv[2]), "127.0.0.1");' "$received" "$RECEIVER_PORT" &
receiver_pid=$!
api() { curl -fsS -H "authorization: Bearer $KEY" -H 'content-type: application/json' "http://127.0.0.1:$PORT/api/v1$1" -d "$2"; }
tenant=$(api /tenants '{"name":"Container"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
api /event-types '{"name":"container.checked"}' >/dev/null
api "/tenants/$tenant/endpoints" "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook\"}" >/dev/null
api "/tenants/$tenant/messages" '{"eventType":"container.checked","payload":{"ok":true}}' >/dev/null
for _ in $(seq 1 30); do [ -s "$received" ] && break; sleep 1; done
grep -q '"container.checked"' "$received" || fail "no webhook arrived"
echo "delivered: $(head -c 120 "$received")"

step "metrics"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/metrics")" = 401 ] || fail "/api/metrics without the token"
curl -fs -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/metrics" | grep -E '^hookyard_(messages_published_total|database_up|deliveries_due)\{' || fail "web metrics"
curl -fs -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$WORKER_PORT/metrics" | grep -E '^hookyard_attempts_total\{.*outcome="succeeded"' || fail "worker metrics"

step "logs are JSON lines"
for c in hookyard-verify-web hookyard-verify-worker; do
  podman logs "$c" 2>&1 | node -e '
    const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
    for (const l of lines) JSON.parse(l);
    console.log(`${process.argv[1]}: ${lines.length} lines, all JSON`);' "$c" || fail "$c logs"
done

step "SIGTERM stops both cleanly"
podman stop -t 30 hookyard-verify-worker hookyard-verify-web >/dev/null
for c in hookyard-verify-web hookyard-verify-worker; do
  code=$(podman inspect "$c" --format '{{.State.ExitCode}}')
  echo "$c exited with $code"
  [ "$code" = 0 ] || fail "$c exit code $code"
done
podman logs hookyard-verify-worker 2>&1 | grep -q '"msg":"stopped"' || fail "the worker did not say it stopped"

step "all checks passed"
