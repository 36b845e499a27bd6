#!/usr/bin/env bash
# Runs a command beside a private PostgreSQL cluster, for the shared store's tests:
#
#   tests/pg.sh cargo test --workspace
#
# The cluster lives in a temp folder, listens on 127.0.0.1 and a free port, and is stopped and
# deleted when the command ends, also when it fails. The command sees COMPLAINTDESK_PG_URL (the
# tests make a database each there) and COMPLAINTDESK_PG_REQUIRED (so a test without a server
# fails instead of skipping). A COMPLAINTDESK_PG_URL already set points the tests at that server
# instead. PostgreSQL comes from the system's packages (Debian: postgresql); nothing is downloaded.
# With openssl at hand the server speaks TLS too (COMPLAINTDESK_PG_CA, COMPLAINTDESK_PG_TLS).
set -euo pipefail

if [[ -n "${COMPLAINTDESK_PG_URL:-}" ]]; then
  export COMPLAINTDESK_PG_REQUIRED=1
  exec "$@"
fi

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
[[ -n "$bin" ]] || bin="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
if [[ ! -x "$bin/initdb" ]]; then
  if [[ "$(uname -s)" == Linux ]]; then
    echo "pg: PostgreSQL is missing (Debian/Ubuntu: apt-get install postgresql; make deps does)" >&2
    exit 1
  fi
  echo "pg: notice: no PostgreSQL here (initdb not found); the PostgreSQL store's tests are skipped" >&2
  exec "$@"
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/complaintdesk-pg.XXXXXX")"
# initdb refuses to run as root: the cluster then belongs to the postgres user.
owner=()
if [[ "$(id -u)" -eq 0 ]]; then
  chown postgres: "$dir"
  owner=(runuser -u postgres --)
fi
stop() {
  (cd / && "${owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1) || true
  rm -rf "$dir"
}
trap stop EXIT

# The server's programs run from its own folder: the postgres user may not enter this one.
here="$PWD"
cd "$dir"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if ! "${owner[@]}" "$bin/initdb" -D "$dir/data" -E UTF8 --locale=C.UTF-8 -A trust -U complaintdesk >"$dir/initdb.log" 2>&1; then
  cat "$dir/initdb.log" >&2
  exit 1
fi
# The test's superuser connects without a password; everyone else (the people's own roles)
# with theirs, as on an office's server.
cat >"$dir/pg_hba.conf" <<'HBA'
local all all trust
host all complaintdesk 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
HBA
"${owner[@]}" cp "$dir/pg_hba.conf" "$dir/data/pg_hba.conf"
# TLS as an office's server has it: a certificate for 127.0.0.1 from a CA of this run's own, which
# the tests trust through COMPLAINTDESK_PG_CA (and nothing else does).
tls=()
if command -v openssl >/dev/null; then
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.crt -days 2 -subj "/CN=ComplaintDesk test CA" 2>/dev/null
  openssl req "${ec[@]}" -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >san.ext
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -extfile san.ext 2>/dev/null
  chmod 600 server.key
  [[ "$(id -u)" -eq 0 ]] && chown postgres: server.key server.crt
  tls=(-c ssl=on -c "ssl_cert_file=$dir/server.crt" -c "ssl_key_file=$dir/server.key")
  export COMPLAINTDESK_PG_CA="$dir/ca.crt" COMPLAINTDESK_PG_TLS=1
fi
# fsync off: a test cluster is thrown away, and its speed is not what the tests measure.
# `$dir/pgctl stop|start` stops and starts this server again (for tests of a lost network):
# COMPLAINTDESK_PG_CTL names it.
cat >"$dir/pgctl" <<CTL
#!/usr/bin/env bash
set -euo pipefail
cd "$dir"
case "\$1" in
  stop) ${owner[*]} "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ;;
  start) ${owner[*]} "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \\
    -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c fsync=off ${tls[*]}" start >/dev/null ;;
  *) echo "usage: pgctl stop|start" >&2; exit 2 ;;
esac
CTL
chmod 755 "$dir/pgctl"
if ! "$dir/pgctl" start; then
  cat "$dir/server.log" >&2
  exit 1
fi
cd "$here"
export COMPLAINTDESK_PG_URL="postgres://complaintdesk@127.0.0.1:$port/postgres"
export COMPLAINTDESK_PG_REQUIRED=1 COMPLAINTDESK_PG_CTL="$dir/pgctl"
echo "pg: a private PostgreSQL ($("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port for this run${tls:+, TLS with its own CA}"
"$@"
