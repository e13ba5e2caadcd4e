# Shared by the bench scripts: where things are, generated repositories, and timing of a command.
BENCH_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_WORK=${BENCH_WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/bbh/bench}
mkdir -p "$BENCH_WORK"

# repo_of N: a git repository of N generated tenants, made once and kept in BENCH_WORK.
repo_of() {
  local n=$1 dir="$BENCH_WORK/repo-$1"
  if [ ! -f "$dir/.complete" ]; then
    "$BENCH_TOP/bench/generate-repo" "$n" "$dir" >&2
    touch "$dir/.complete"
  fi
  printf '%s\n' "$dir"
}

# timed RUNS COMMAND...: runs COMMAND RUNS times; prints "median_wall_s max_rss_mb" over the runs.
timed() {
  local runs=$1 i
  shift
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M' -o "$BENCH_WORK/time.out" "$@" >/dev/null 2>"$BENCH_WORK/stderr.out" || {
      echo "bench: '$*' failed:" >&2
      cat "$BENCH_WORK/stderr.out" >&2
      return 1
    }
    tail -n 1 "$BENCH_WORK/time.out"
  done | sort -n | awk '{ wall[NR] = $1; if ($2 > rss) rss = $2 }
    END { printf "%.2f %.0f\n", wall[int((NR + 1) / 2)], rss / 1024 }'
}
