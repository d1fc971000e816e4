#!/usr/bin/env bash
# Stowage vs pg_dump / pg_restore benchmark (issue 5, point 7). Not a test: it prints timings.
#
# Starts a private PostgreSQL 15 server (initdb + pg_ctl from $PGBIN) on a free local port in a
# scratch directory, builds a dataset of the issue's shape (pgbench tables, a wide table with
# text/jsonb/bytea/arrays and TOASTed values, one table holding about 40 % of the bytes, 200 small
# tables with indexes and foreign keys), then measures back to back, median of --runs runs:
#   pg_dump -Fd -j2          vs  stowage dump -Fd -j2          (default gzip level)
#   pg_dump -Fd -j2 -Z0      vs  stowage dump -Fd -j2 -Z0
#   pg_dump -Fc              vs  stowage dump -Fc              (and stowage -Fc -j2 once it has -j)
#   pg_restore -j2           vs  stowage restore -j2           (the same pg_dump -Fd archive, each
#                                                               run into a fresh empty database)
#   COPY ... TO STDOUT of every table to /dev/null, 2 psql sessions (the physical limit), and the
#   same with the biggest table split in two ctid ranges (what a splitting dumper could reach).
# Stowage cases run without -j while `stowage dump --help` (or restore --help) lacks --jobs, and
# are then marked "(no -j yet)". The server is stopped and its files removed at the end unless
# --keep.
#
# Needs: PostgreSQL 15 server and client binaries (postgresql-15, postgresql-client-15: initdb,
# pg_ctl, psql, pg_dump, pg_restore, pgbench), GNU time at /usr/bin/time for wall time and peak RSS
# (Debian: apt-get install time), JDK 17 for ./stowage (it builds itself on first use, before any
# timing starts). Run as root (the server then runs as the postgres user) or as any user that may
# run initdb.
#
# Usage: bench/run.sh [--scale MB] [--runs N] [--quick] [--workdir DIR] [--port N] [--keep]
#                     [--reuse] [--cases LIST] [--stowage PATH]
#   --scale MB     approximate database size in MB (default 1200: at least 1 GB of table data)
#   --runs N       runs per case; the table shows the median (default 3)
#   --quick        smoke check: --scale 100 --runs 1
#   --workdir DIR  scratch directory (default bench/work, ignored by git)
#   --port N       server port (default: the first free port from 54330)
#   --keep         leave the server running and its files in place at the end
#   --reuse        use the dataset a previous --keep run left in --workdir (same --scale)
#   --cases LIST   comma-separated subset of: copy,fd,fd0,fc,restore (default all)
#   --stowage PATH the Stowage launcher (default ./stowage at the repository root)
# Environment: PGBIN (default /usr/lib/postgresql/15/bin), STOWAGE_JAVA_OPTS (passed to java).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
TIME=/usr/bin/time

scale=1200
runs=3
workdir="$here/work"
port=""
keep=0
reuse=0
cases="copy,fd,fd0,fc,restore"
stowage="$root/stowage"
db=bench

usage() { sed -n '/^# Usage:/,/^# Environment:/p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "run.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="${2:?}"; shift 2 ;;
    --runs) runs="${2:?}"; shift 2 ;;
    --quick) scale=100; runs=1; shift ;;
    --workdir) workdir="${2:?}"; shift 2 ;;
    --port) port="${2:?}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --reuse) reuse=1; shift ;;
    --cases) cases="${2:?}"; shift 2 ;;
    --stowage) stowage="${2:?}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ "$scale" =~ ^[0-9]+$ && "$scale" -ge 20 ]] || die "--scale must be a number of MB, at least 20"
[[ "$runs" =~ ^[0-9]+$ && "$runs" -ge 1 ]] || die "--runs must be a positive number"
want() { [[ ",$cases," == *",$1,"* ]]; }

for tool in initdb pg_ctl psql pg_dump pg_restore pgbench createdb dropdb; do
  [ -x "$PGBIN/$tool" ] || die "$PGBIN/$tool is missing (install postgresql-15 and postgresql-client-15, or set PGBIN)"
done
[ -x "$TIME" ] || die "$TIME is missing: install GNU time (Debian: apt-get install time)"
[ -x "$stowage" ] || die "$stowage is not executable (use --stowage PATH)"

# The server runs as postgres when we are root (initdb refuses root).
if [ "$(id -u)" = 0 ]; then
  pguser=postgres
  as_pg() { runuser -u postgres -- "$@"; }
else
  pguser="$(id -un)"
  as_pg() { "$@"; }
fi

mkdir -p "$workdir"
workdir="$(cd "$workdir" && pwd)"
pgdata="$workdir/pgdata"
out="$workdir/out"
logs="$workdir/logs"
pglog="$workdir/pglog"
mkdir -p "$logs" "$pglog"
chown "$pguser" "$pglog"
as_pg test -x "$workdir" || die "the $pguser user cannot enter $workdir: pick another --workdir"

# A server a --keep run left running here is stopped first (it may hold the port we want).
if [ -f "$pgdata/postmaster.pid" ]; then
  as_pg "$PGBIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "$port" ]; then
  for p in $(seq 54330 54429); do
    if port_free "$p"; then port="$p"; break; fi
  done
  [ -n "$port" ] || die "no free port in 54330-54429 (use --port)"
fi

conn=(-h 127.0.0.1 -p "$port" -U postgres)
export PGCONNECT_TIMEOUT=10
unset PGHOST PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS
psql_() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "${conn[@]}" "$@"; }
sql() { psql_ -At -d "${2:-$db}" -c "$1"; }

started=0
cleanup() {
  local rc=$?
  if [ "$started" = 1 ]; then
    if [ "$keep" = 1 ]; then
      echo "--keep: server left running on port $port (stop: $(
        [ "$pguser" = postgres ] && printf 'runuser -u postgres -- ')$PGBIN/pg_ctl -D $pgdata stop); files in $workdir" >&2
    else
      as_pg "$PGBIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1 || true
    fi
  fi
  if [ "$keep" = 0 ]; then
    rm -rf "$pgdata" "$out"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Server
# ---------------------------------------------------------------------------------------------
if [ "$reuse" = 1 ] && [ -f "$pgdata/bench.scale" ] && [ "$(cat "$pgdata/bench.scale")" = "$scale" ]; then
  echo "== reusing the dataset in $pgdata (scale $scale MB)"
  as_pg sed -i "s/^port = .*/port = $port/" "$pgdata/postgresql.conf"
else
  [ "$reuse" = 1 ] && echo "== --reuse: no dataset of scale $scale in $pgdata; building one"
  reuse=0
  rm -rf "$pgdata" "$out"
  mkdir -p "$pgdata"
  chown "$pguser" "$pgdata"
  chmod 700 "$pgdata"
  echo "== initdb in $pgdata"
  as_pg "$PGBIN/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C >"$logs/initdb.log" 2>&1 \
    || { cat "$logs/initdb.log" >&2; die "initdb failed"; }
  # Benchmark settings; bench/README.md says why each one.
  as_pg tee -a "$pgdata/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 40
shared_buffers = '512MB'
maintenance_work_mem = '256MB'
max_wal_size = '8GB'
min_wal_size = '1GB'
checkpoint_timeout = '30min'
fsync = on
synchronous_commit = on
full_page_writes = on
wal_level = replica
autovacuum = off
log_min_messages = warning
log_checkpoints = on
EOF
fi
as_pg "$PGBIN/pg_ctl" -D "$pgdata" -l "$pglog/server.log" -w -t 60 start >/dev/null \
  || { tail -n 20 "$pglog/server.log" >&2; die "the server did not start"; }
started=1
echo "== PostgreSQL $(sql 'SHOW server_version' postgres) on 127.0.0.1:$port"

# ---------------------------------------------------------------------------------------------
# Dataset: shares of --scale: events 40 %, pgbench 25 %, documents 25 %, 200 small tables 10 %.
# Bytes per row were measured on PostgreSQL 15 (heap + TOAST + indexes): events 150, documents
# 1100, small tables 220 plus about 12 MB for the 200 x 3 indexes' fixed pages; pgbench 15 MB per
# scale unit. Catalogs add about 8 MB.
# ---------------------------------------------------------------------------------------------
if [ "$reuse" = 0 ]; then
  mb=$((1024 * 1024))
  pgbench_scale=$(( scale * 25 / 100 / 15 )); [ "$pgbench_scale" -ge 1 ] || pgbench_scale=1
  big_rows=$(( scale * mb * 40 / 100 / 150 ))
  wide_rows=$(( scale * mb * 25 / 100 / 1100 ))
  small_rows=$(( (scale * 10 / 100 - 12) * mb / 200 / 220 )); [ "$small_rows" -ge 10 ] || small_rows=10
  echo "== dataset: pgbench -s $pgbench_scale, events $big_rows rows, documents $wide_rows rows, 200 x $small_rows rows"
  t0=$SECONDS
  "$PGBIN/createdb" "${conn[@]}" "$db"
  "$PGBIN/pgbench" "${conn[@]}" -i -I dtGvpf -s "$pgbench_scale" -q "$db" >"$logs/pgbench.log" 2>&1 \
    || { tail -n 20 "$logs/pgbench.log" >&2; die "pgbench -i failed"; }
  psql_ -d "$db" -v big_rows="$big_rows" -v wide_rows="$wide_rows" -v small_rows="$small_rows" \
    -f "$here/dataset.sql" >"$logs/dataset.log" 2>&1 \
    || { tail -n 20 "$logs/dataset.log" >&2; die "dataset.sql failed"; }
  echo "   built in $((SECONDS - t0)) s"
  echo "$scale" | as_pg tee "$pgdata/bench.scale" >/dev/null
fi

dbbytes=$(sql "SELECT pg_database_size(current_database())")
dbmb=$(awk -v b="$dbbytes" 'BEGIN { printf "%.0f", b / 1048576 }')
ntables=$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
echo "== database $db: $dbmb MB (pg_database_size), $ntables tables; the biggest:"
sql "SELECT format('   %-18s %7s MB  %4s %%', c.relname, round(pg_total_relation_size(c.oid) / 1048576.0),
                   round(100.0 * pg_total_relation_size(c.oid) / pg_database_size(current_database())))
       FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
      ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 3"
sql "SELECT format('   %-18s %7s MB  %4s %%', '200 small tables', round(sum(pg_total_relation_size(c.oid)) / 1048576.0),
                   round(100.0 * sum(pg_total_relation_size(c.oid)) / pg_database_size(current_database())))
       FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relname ~ '^s[0-9]{3}$'"
toasted=$(sql "SELECT pg_size_pretty(pg_total_relation_size(reltoastrelid)) FROM pg_class WHERE oid = 'public.documents'::regclass")
echo "   (documents' TOAST table: $toasted)"

# Row totals, for checking each restore.
count_sql="SELECT count(*) || ' tables, ' || sum((xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', schemaname, tablename), false, true, '')))[1]::text::bigint) || ' rows, '
             || (SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace) || ' indexes, '
             || (SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace) || ' foreign keys'
             FROM pg_tables WHERE schemaname = 'public'"
source_counts=$(sql "$count_sql")

# ---------------------------------------------------------------------------------------------
# Stowage: build it now (not while timing) and find out whether it has -j yet.
# ---------------------------------------------------------------------------------------------
echo "== stowage: $stowage"
"$stowage" --version >"$logs/stowage-build.log" 2>&1 || { cat "$logs/stowage-build.log" >&2; die "stowage does not run"; }
dump_j=(); dump_jlabel="(no -j yet)"
# (help read whole first: with pipefail, grep -q closing the pipe early could fail the test)
dump_help="$("$stowage" dump --help 2>&1 || true)"
restore_help="$("$stowage" restore --help 2>&1 || true)"
if grep -q -- '--jobs' <<<"$dump_help"; then dump_j=(-j2); dump_jlabel="-j2"; fi
restore_j=(); restore_jlabel="(no -j yet)"
if grep -q -- '--jobs' <<<"$restore_help"; then restore_j=(-j2); restore_jlabel="-j2"; fi
echo "   dump $dump_jlabel, restore $restore_jlabel"
# The launcher writes a class-data-sharing archive on the first dump and the first restore after a
# build (about 0.5 s more on that run; see the README): make those runs here, untimed, on a small
# part of the dataset (the two small pgbench tables), so that no timed run pays for it.
warm="$workdir/warm"
rm -rf "$warm"
"$stowage" dump "${conn[@]}" "${dump_j[@]}" -Fd -t pgbench_branches -t pgbench_tellers -f "$warm" "$db" >"$logs/stowage-warm.log" 2>&1 \
  || { cat "$logs/stowage-warm.log" >&2; die "the warm-up dump failed"; }
"$PGBIN/dropdb" "${conn[@]}" --if-exists bench_warm 2>/dev/null
"$PGBIN/createdb" "${conn[@]}" -T template0 bench_warm
"$stowage" restore "${conn[@]}" "${restore_j[@]}" -d bench_warm "$warm" >>"$logs/stowage-warm.log" 2>&1 \
  || { cat "$logs/stowage-warm.log" >&2; die "the warm-up restore failed"; }
"$PGBIN/dropdb" "${conn[@]}" bench_warm
rm -rf "$warm"

# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------
declare -A times rss outmb label failed
order=()

# measure KEY LABEL OUTPATH -- command...: one timed run; wall time and the peak RSS of the
# biggest process in the command's tree (GNU time's %M, from wait4's rusage).
measure() {
  local key="$1" lab="$2" outpath="$3"; shift 4
  local tf="$logs/$key.time" log="$logs/$key.log"
  # every case starts from the same state: the server's dirty buffers and the page cache's dirty
  # pages (the last case's archive, WAL and tables) written out first, not in the middle of this one
  sql "CHECKPOINT" postgres >/dev/null
  sync
  [ -n "${label[$key]:-}" ] || { order+=("$key"); label[$key]="$lab"; }
  if "$TIME" -f '%e %M' -o "$tf" "$@" >"$log" 2>&1; then :; else
    failed[$key]=1
    echo "   FAILED: $lab (exit $?; log $log):" >&2
    tail -n 5 "$log" | sed 's/^/     /' >&2
  fi
  local sec kb
  read -r sec kb < <(tail -n 1 "$tf")
  times[$key]="${times[$key]:-} $sec"
  rss[$key]="${rss[$key]:-} $kb"
  if [ -n "$outpath" ] && [ -e "$outpath" ]; then
    outmb[$key]=$(du -sbL "$outpath" | awk '{ printf "%.0f", $1 / 1048576 }')
  fi
  printf '   %-44s %8.2f s  %6.0f MB RSS\n' "$lab" "$sec" "$((kb / 1024))"
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# pair A B: run both, A first on odd runs and B first on even runs, so drift hits both alike.
pair_run() {
  local run="$1" a="$2" b="$3"
  if [ $((run % 2)) = 1 ]; then "$a"; "$b"; else "$b"; "$a"; fi
}

mkdir -p "$out"
dump_conn=("${conn[@]}")

case_pg_fd() { rm -rf "$out/pg_fd"; measure pg_fd "pg_dump -Fd -j2" "$out/pg_fd" -- "$PGBIN/pg_dump" "${dump_conn[@]}" -Fd -j2 -f "$out/pg_fd" "$db"; }
case_st_fd() { rm -rf "$out/st_fd"; measure st_fd "stowage dump -Fd $dump_jlabel" "$out/st_fd" -- "$stowage" dump "${dump_conn[@]}" -Fd "${dump_j[@]}" -f "$out/st_fd" "$db"; }
case_pg_fd0() { rm -rf "$out/pg_fd0"; measure pg_fd0 "pg_dump -Fd -j2 -Z0" "$out/pg_fd0" -- "$PGBIN/pg_dump" "${dump_conn[@]}" -Fd -j2 -Z0 -f "$out/pg_fd0" "$db"; }
case_st_fd0() { rm -rf "$out/st_fd0"; measure st_fd0 "stowage dump -Fd $dump_jlabel -Z0" "$out/st_fd0" -- "$stowage" dump "${dump_conn[@]}" -Fd "${dump_j[@]}" -Z0 -f "$out/st_fd0" "$db"; }
case_pg_fc() { rm -f "$out/pg_fc.dump"; measure pg_fc "pg_dump -Fc" "$out/pg_fc.dump" -- "$PGBIN/pg_dump" "${dump_conn[@]}" -Fc -f "$out/pg_fc.dump" "$db"; }
case_st_fc() { rm -f "$out/st_fc.dump"; measure st_fc "stowage dump -Fc" "$out/st_fc.dump" -- "$stowage" dump "${dump_conn[@]}" -Fc -f "$out/st_fc.dump" "$db"; }
case_st_fcj() { rm -f "$out/st_fcj.dump"; measure st_fcj "stowage dump -Fc -j2" "$out/st_fcj.dump" -- "$stowage" dump "${dump_conn[@]}" -Fc -j2 -f "$out/st_fcj.dump" "$db"; }

# Restores go into a fresh empty database each run; the first run of each tool is checked
# against the source (tables, rows, indexes, foreign keys).
restore_check() {
  local key="$1" target="$2"
  [ -n "${checked[$key]:-}" ] && return 0
  checked[$key]=1
  local got; got=$(sql "$count_sql" "$target" 2>/dev/null || echo "?")
  if [ "$got" = "$source_counts" ]; then echo "     check: $got, as the source"
  else echo "     CHECK FAILED: restored $got; source $source_counts" >&2; failed[$key]=1; fi
}
declare -A checked
restore_case() {
  local key="$1" lab="$2"; shift 2
  local target="restore_$key"
  "$PGBIN/dropdb" "${conn[@]}" --if-exists "$target" 2>/dev/null
  "$PGBIN/createdb" "${conn[@]}" -T template0 "$target"
  measure "$key" "$lab" "" -- "$@" -d "$target" "$out/ref_fd"
  restore_check "$key" "$target"
  "$PGBIN/dropdb" "${conn[@]}" "$target"
}
case_pg_restore() { restore_case pg_restore "pg_restore -j2" "$PGBIN/pg_restore" "${conn[@]}" -j2; }
case_st_restore() { restore_case st_restore "stowage restore $restore_jlabel" "$stowage" restore "${conn[@]}" "${restore_j[@]}"; }

# COPY limit: every table to /dev/null through 2 psql sessions, tables dealt biggest first to
# the session with fewer bytes so far. copy_split does the same with the biggest table cut in
# two halves by ctid (a TID range scan each), which only a dumper that splits tables can match.
make_copy_scripts() {
  local name="$1" split="$2"
  sql "SELECT c.oid::regclass, pg_total_relation_size(c.oid) - pg_indexes_size(c.oid), c.relpages
         FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        ORDER BY 2 DESC" | awk -F'|' -v dosplit="$split" -v s1="$out/$name.1.sql" -v s2="$out/$name.2.sql" '
    function deal(stmt, bytes) { if (b1 <= b2) { print stmt > s1; b1 += bytes } else { print stmt > s2; b2 += bytes } }
    NR == 1 && dosplit == 1 {
      half = int($3 / 2) + 1
      deal("COPY (SELECT * FROM " $1 " WHERE ctid < '\''(" half ",0)'\'') TO STDOUT;", $2 / 2)
      deal("COPY (SELECT * FROM " $1 " WHERE ctid >= '\''(" half ",0)'\'') TO STDOUT;", $2 / 2)
      next
    }
    { deal("COPY " $1 " TO STDOUT;", $2) }'
}
copy_streams() {
  local name="$1"
  measure "$name" "$2" "" -- bash -c '
    "$1" -X -q -v ON_ERROR_STOP=1 "${@:4}" -f "$2" >/dev/null & a=$!
    "$1" -X -q -v ON_ERROR_STOP=1 "${@:4}" -f "$3" >/dev/null & b=$!
    wait $a && wait $b' copy "$PGBIN/psql" "$out/$name.1.sql" "$out/$name.2.sql" "${conn[@]}" -d "$db"
}
case_copy() { copy_streams copy "COPY every table, 2 sessions"; }
case_copy_split() { copy_streams copy_split "COPY, biggest table split, 2 sessions"; }

if want copy; then make_copy_scripts copy 0; make_copy_scripts copy_split 1; fi
if want restore; then
  echo "== reference archive for the restores: pg_dump -Fd -j2 (default gzip)"
  rm -rf "$out/ref_fd"
  "$PGBIN/pg_dump" "${conn[@]}" -Fd -j2 -f "$out/ref_fd" "$db"
fi

echo "== measuring: $runs run(s) per case, pairs back to back"
for run in $(seq 1 "$runs"); do
  echo "-- run $run of $runs"
  if want copy; then case_copy; case_copy_split; fi
  if want fd; then pair_run "$run" case_pg_fd case_st_fd; fi
  if want fd0; then pair_run "$run" case_pg_fd0 case_st_fd0; fi
  if want fc; then
    pair_run "$run" case_pg_fc case_st_fc
    [ "${#dump_j[@]}" = 0 ] || case_st_fcj
  fi
  if want restore; then pair_run "$run" case_pg_restore case_st_restore; fi
done

# ---------------------------------------------------------------------------------------------
# Table
# ---------------------------------------------------------------------------------------------
partner() {
  case "$1" in
    st_fd) echo pg_fd ;; st_fd0) echo pg_fd0 ;; st_fc|st_fcj) echo pg_fc ;;
    st_restore) echo pg_restore ;; *) echo "" ;;
  esac
}
declare -A med
for k in "${order[@]}"; do med[$k]=$(echo "${times[$k]}" | median); done

echo
echo "Database $db: $dbmb MB (pg_database_size), $ntables tables; $runs run(s) per case; $(nproc) cores;"
echo "PostgreSQL $(sql 'SHOW server_version' postgres), $(java -version 2>&1 | head -n 1)."
echo "ratio = stowage seconds / pg_dump (or pg_restore) seconds: below 1 means Stowage is faster."
fmt='| %-40s | %9s | %7s | %12s | %7s | %18s |\n'
printf "$fmt" "case" "median s" "MB/s" "peak RSS MB" "out MB" "ratio (speedup)"
printf "$fmt" "----------------------------------------" "---------" "-------" "------------" "-------" "------------------"
for k in "${order[@]}"; do
  m="${med[$k]}"
  mbs=$(awk -v d="$dbmb" -v m="$m" 'BEGIN { if (m > 0) printf "%.1f", d / m; else print "-" }')
  peak=$(echo "${rss[$k]}" | tr ' ' '\n' | grep . | sort -n | tail -n 1)
  peakmb=$((peak / 1024))
  p="$(partner "$k")"
  ratio=""
  if [ -n "$p" ] && [ -n "${med[$p]:-}" ]; then
    ratio=$(awk -v s="$m" -v q="${med[$p]}" 'BEGIN { if (q > 0 && s > 0) printf "%.2f (%.2fx)", s / q, q / s }')
  fi
  name="${label[$k]}"
  [ -n "${failed[$k]:-}" ] && name="$name FAILED"
  printf "$fmt" "$name" "$(printf '%.2f' "$m")" "$mbs" "$peakmb" "${outmb[$k]:--}" "$ratio"
done
echo
echo "Per-run seconds:"
for k in "${order[@]}"; do printf '  %-40s %s\n' "${label[$k]}" "${times[$k]}"; done
echo "Logs: $logs"
if [ -n "${failed[*]:-}" ]; then exit 1; fi
