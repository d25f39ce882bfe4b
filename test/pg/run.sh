#!/usr/bin/env bash
# `npm run test:postgres [-- vitest arguments]`: the tests on a throw-away PostgreSQL server, made for this run and
# removed after it by pg_virtualenv (Debian's postgresql-common), as root or not.
#   -t      the cluster's files in a temporary folder even as root, so that runs side by side (other checkouts, other
#           engineers) do not meet on /etc/postgresql/<version>/regress, which plain root mode refuses to share;
#   -o log_checkpoints=off  every DROP DATABASE makes a checkpoint: pg_virtualenv shows the server's log when the
#           tests fail, and the reason should not drown in them;
#   PGPORT  a free port picked here, rather than pg_virtualenv's first free one from 5432, which two runs starting
#           together can both pick;
#   TMPDIR=/dev/shm  the cluster in memory when /dev/shm has 1 GiB free: on a disk that others use too, CREATE
#           DATABASE took 20-300 ms here, in memory 11-17 ms. The tests themselves get the TMPDIR they had.
# When the tests fail, pg_virtualenv prints the server's whole log after them, and a CI log's tail then shows only the
# server's chatter: vitest's report is kept in a file and its failures are printed again below the server's log.
# Inside, NEXTDEAL_TEST_POSTGRES is the superuser's URL over TCP on localhost (pg_virtualenv sets PGHOST=localhost
# and a password; its socket would need peer authentication, which fails for root as "postgres").
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/../.."

if ! command -v pg_virtualenv >/dev/null; then
  echo "test:postgres needs pg_virtualenv to start a throw-away PostgreSQL server: install Debian's postgresql package" >&2
  echo "  (sudo apt-get install postgresql; .ci/run installs it when it is missing)." >&2
  exit 1
fi

# Inside the cluster: the URL from pg_virtualenv's PG* variables, then vitest.
if [ "${1:-}" = "--inside" ]; then
  shift
  NEXTDEAL_TEST_POSTGRES=$(node -e '
    const { PGUSER, PGPASSWORD = "", PGHOST = "localhost", PGPORT = "5432", PGDATABASE = "postgres" } = process.env;
    const e = encodeURIComponent, auth = `${e(PGUSER)}${PGPASSWORD ? ":" + e(PGPASSWORD) : ""}@`;
    console.log(PGHOST.startsWith("/")
      ? `postgres://${auth}/${e(PGDATABASE)}?host=${e(PGHOST)}&port=${PGPORT}`
      : `postgres://${auth}${PGHOST}:${PGPORT}/${e(PGDATABASE)}`);')
  export NEXTDEAL_TEST_POSTGRES
  if [ -n "${NEXTDEAL_OUTER_TMPDIR:-}" ]; then export TMPDIR=$NEXTDEAL_OUTER_TMPDIR; else unset TMPDIR; fi
  unset NEXTDEAL_OUTER_TMPDIR
  exec npx vitest run --config vitest.postgres.config.ts "$@" > >(tee "$NEXTDEAL_PG_REPORT") 2>&1
fi

PGPORT=$(node -e 'const s = require("net").createServer(); s.listen(0, () => { console.log(s.address().port); s.close(); })')
export PGPORT
export NEXTDEAL_OUTER_TMPDIR=${TMPDIR:-}
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -ge 1048576 ]; then
  export TMPDIR=/dev/shm
fi
NEXTDEAL_PG_REPORT=$(mktemp "${NEXTDEAL_OUTER_TMPDIR:-/tmp}/nextdeal-pg-report.XXXXXX")
export NEXTDEAL_PG_REPORT
trap 'rm -f "$NEXTDEAL_PG_REPORT"' EXIT
rc=0
pg_virtualenv -t -o log_checkpoints=off -- bash "$self" --inside "$@" || rc=$?
if [ "$rc" -ne 0 ]; then
  # vitest's failures (from its "Failed Tests" or "Unhandled Errors" heading on, colours off) and its summary.
  sed 's/\x1b\[[0-9;]*m//g' "$NEXTDEAL_PG_REPORT" | awk '
    /^ *(Test Files|Tests|Errors) +[0-9]/ { summary = summary $0 "\n"; next }
    /Failed Tests|Unhandled Error/ { on = 1 }
    on && shown < 400 { print; shown++ }
    END { printf "%s", summary }' > "$NEXTDEAL_PG_REPORT.tail" || true
  {
    echo
    echo "== test:postgres failed (exit $rc); vitest's failures again, below the server's log =="
    cat "$NEXTDEAL_PG_REPORT.tail"
  } >&2
  rm -f "$NEXTDEAL_PG_REPORT.tail"
fi
exit "$rc"
