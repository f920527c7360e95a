#!/usr/bin/env bash
# Benchmark of the Copy-NuGetPackages engine against `cp -r` and against the parallel copy an administrator would
# script (`find … -print0 | xargs -0 -P16 cp --parents`).
#
# Generates a realistic built-in feed (>= 3,000 packages, log-normal sizes from 3 KB to 64 MB, >= 1.6 GB of random,
# incompressible bytes, one folder per package id) in a temporary folder, then times:
#   cold:  `cp -r` of the feed, the parallel `cp --parents` of the feed (16 processes, 64 files each), and a cold copy
#          by the engine (plan + copy + read-back verification, every file's data durable before its rename, by batch
#          with one syncfs on Linux, and every folder synced at the end), each followed by `sync` inside the timing so
#          all are measured until the bytes are on disk;
#   warm:  the engine again over its already-copied destination (everything skipped by size and timestamp).
# Page caches: before every timed run `sync; echo 3 > /proc/sys/vm/drop_caches` (as root). Where the sandbox refuses
# that, every timed run instead starts from a fully cached source (the feed is read once just before it), so the
# runs still start from the same cache state; stderr says which method was used.
# The engine's time is measured inside its process around plan and copy (in PowerShell the runtime is already
# loaded when the cmdlet runs), after an untimed warm-up over a two-file throw-away feed in another folder, so that
# first-call JIT (paid once per PowerShell session, about 60 ms here) is not counted as copy work; `cp` is measured
# as a process. Each cold measurement is repeated ROUNDS times (default
# 5), rotating which tool goes first, and the medians are compared, because the build machine is shared.
# Destinations are not deleted between runs: on ext4, creating files just after deleting thousands is slowed by the
# inode allocator skipping recently deleted inodes, which would penalise whichever run came after a delete.
# Peak memory is the engine process's VmHWM (peak resident set) over all its runs.
#
# Prints exactly four lines on stdout: cold_ratio= (engine / cp -r), parallel_ratio= (engine / parallel cp),
# warm_ratio= (warm engine / cold engine), peak_mb=. Details go to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rounds=${ROUNDS:-5}
work=$(mktemp -d "${TMPDIR:-/tmp}/ou-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

dotnet build -c Release --nologo -v q "$here/OctopusUpgrade.Bench" -o "$work/bin" >&2
bench=(dotnet "$work/bin/OctopusUpgrade.Bench.dll")
feed="$work/feed"
"${bench[@]}" generate "$feed" >&2
sync

if sync && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then
    cache_method="drop_caches before every timed run"
    reset_cache() { sync; echo 3 > /proc/sys/vm/drop_caches; }
else
    cache_method="drop_caches refused; every timed run starts with the source fully cached"
    reset_cache() { sync; find "$feed" -type f -exec cat {} + > /dev/null; }
fi
echo "cache: $cache_method" >&2

now() { date +%s.%N; }
echo 0 > "$work/peak_kb"

# Runs the engine and prints its in-process seconds plus the seconds of the sync that follows.
engine() {
    local out sync_start
    out=$("${bench[@]}" copy "$feed" "$1" --warm-up)
    sync_start=$(now)
    sync
    echo "  engine: $out" >&2
    local kb=${out##*peak_rss_kb=}
    (( kb > $(cat "$work/peak_kb") )) && echo "$kb" > "$work/peak_kb"
    awk -v e="${out#engine_seconds=}" -v s="$sync_start" -v n="$(now)" 'BEGIN { split(e, a, " "); printf "%.3f", a[1] + n - s }'
}

copy_with_cp() {
    local start
    start=$(now)
    cp -r "$feed" "$1"
    sync
    awk -v s="$start" -v n="$(now)" 'BEGIN { printf "%.3f", n - s }'
}

# The copy an administrator would script: every file listed once, copied by 16 cp processes at a time.
copy_with_parallel_cp() {
    local start
    start=$(now)
    mkdir -p "$1"
    (cd "$feed" && find . -type f -print0 | xargs -0 -P16 -n64 cp --parents -t "$1")
    sync
    awk -v s="$start" -v n="$(now)" 'BEGIN { printf "%.3f", n - s }'
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

cp_times=()
parallel_times=()
cold_times=()
for ((round = 1; round <= rounds; round++)); do
    for ((turn = 0; turn < 3; turn++)); do
        reset_cache
        case $(( (round + turn) % 3 )) in
            0) cp_times+=("$(copy_with_cp "$work/cp-$round")") ;;
            1) parallel_times+=("$(copy_with_parallel_cp "$work/parallel-$round")") ;;
            2) cold_times+=("$(engine "$work/engine-$round")") ;;
        esac
    done
    echo "round $round: cp ${cp_times[-1]} s, parallel cp ${parallel_times[-1]} s, engine cold ${cold_times[-1]} s (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
done

# Each copy must be the feed: same files, same sizes (the engine's destination also holds its lock file).
listing() { (cd "$1" && find . -type f ! -name .octopusupgrade.lock -printf '%P %s\n' | sort | md5sum); }
for copy in "$work/engine-1" "$work/parallel-1"; do
    [[ $(listing "$feed") == $(listing "$copy") ]] || { echo "$copy differs from the feed" >&2; exit 1; }
done

reset_cache
warm=$(engine "$work/engine-1")
echo "warm: $warm s" >&2

cp_median=$(median "${cp_times[@]}")
parallel_median=$(median "${parallel_times[@]}")
cold_median=$(median "${cold_times[@]}")
echo "medians: cp $cp_median s, parallel cp $parallel_median s, engine cold $cold_median s" >&2
awk -v e="$cold_median" -v c="$cp_median" 'BEGIN { printf "cold_ratio=%.3f\n", e / c }'
awk -v e="$cold_median" -v p="$parallel_median" 'BEGIN { printf "parallel_ratio=%.3f\n", e / p }'
awk -v w="$warm" -v e="$cold_median" 'BEGIN { printf "warm_ratio=%.4f\n", w / e }'
awk -v k="$(cat "$work/peak_kb")" 'BEGIN { printf "peak_mb=%.1f\n", k / 1024 }'
