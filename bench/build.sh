#!/usr/bin/env bash
# The build benchmark, in one run, from the same packages served on a loopback mirror:
#   floor            decompress every package's data.tar and gzip the result, on both cores (what cannot be avoided)
#   mmdebstrap       mmdebstrap --variant=extract + tar + gzip (what a Debian user would script)
#   distill cold     empty cache: download from the loopback mirror, unpack, compress
#   distill warm     packages cached, no layer cached (--no-cache)
#   distill no-op    everything cached: the same build again
# for the python:3.13 runtime image (amd64), then warm builds of whole pairs (python, node, jre/jdk) with their
# peak memory. Prints seconds (the median of RUNS rounds, default 3), ratios to the floor and the highest peak RSS.
# Usage: bench/build.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bench/lib.sh"
runs=${1:-3}
need mmdebstrap mmdebstrap
need dpkg-scanpackages dpkg-dev
need curl curl
need python3 python3
"$root/distill" --version >/dev/null
distill="$root/distill"
work=$(mktemp -d /tmp/distill-bench.XXXXXX)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
read -r -a pairs <<< "${PAIRS:-python node jre}"

# Resolve and download once from the real mirror (not timed): the seed of every cache below.
export DISTILL_CACHE=$work/seed
for spec in "${pairs[@]}"; do
  "$distill" lock "$spec" -q >/dev/null
  "$distill" fetch "$spec" --locked --arch amd64 -q >/dev/null
done
lockfile() { echo "$work/$1.lock.json"; }
# packages of a lock (amd64): "side sha256 filename" per line
packages() { python3 -c 'import json,sys
for p in json.load(open(sys.argv[1]))["packages"]["amd64"]: print(p["side"], p["sha256"], p["filename"], p["name"])' "$1"; }
# a cache holding only the packages of the given locks, hard-linked from the seed
package_cache() {
  local dir=$1; shift
  mkdir -p "$dir/sha256"
  for lock in "$@"; do
    packages "$lock" | while read -r _ sha _ _; do ln -f "$work/seed/sha256/$sha" "$dir/sha256/$sha"; done
  done
}

# The loopback mirror: the python packages under their pool paths, with a flat index for apt and mmdebstrap.
mkdir -p repo
packages "$(lockfile python)" | while read -r _ sha file _; do mkdir -p "repo/$(dirname "$file")"; ln -f "seed/sha256/$sha" "repo/$file"; done
(cd repo && dpkg-scanpackages --multiversion pool /dev/null 2>/dev/null > Packages)
serve_repo "$work/repo"
mapfile -t debs < <(packages "$(lockfile python)" | awk '$1 == "runtime" {print "'"$work"'/seed/sha256/" $2}')
mapfile -t names < <(packages "$(lockfile python)" | awk '$1 == "runtime" {print $4}')
unpacked=$(for d in "${debs[@]}"; do dpkg-deb --fsys-tarfile "$d"; done | wc -c)

floor() {
  local half=$(( ${#debs[@]} / 2 ))
  ( for d in "${debs[@]:0:$half}"; do dpkg-deb --fsys-tarfile "$d"; done | gzip -6 > /dev/null ) &
  ( for d in "${debs[@]:$half}"; do dpkg-deb --fsys-tarfile "$d"; done | gzip -6 > /dev/null ) &
  wait
}
mmdebstrap_gzip() {
  rm -rf "$work/mm"
  mmdebstrap --quiet --variant=extract --architectures=amd64 --include="$(IFS=,; echo "${names[*]}")" \
    bench "$work/mm" "deb [trusted=yes] $repo_url/ ./" >/dev/null 2>&1
  tar -C "$work/mm" -cf - . | gzip -6 > /dev/null
}
python_runtime() {
  "$distill" build python --locked --arch amd64 --runtime-only -o "$work/out" -q --mirror "$repo_url" \
    --security-mirror "$repo_url" "$@" >/dev/null
}
distill_cold() { rm -rf "$work/cold" "$work/out"; DISTILL_CACHE=$work/cold python_runtime; }
distill_warm() { rm -rf "$work/out"; DISTILL_CACHE=$work/warm python_runtime --no-cache; }
distill_noop() { DISTILL_CACHE=$work/warm python_runtime; }
export -f floor mmdebstrap_gzip python_runtime distill_cold distill_warm distill_noop packages package_cache lockfile
export work distill repo_url

declare -A times peaks samples
# Rounds: each round runs every measurement once, in turn, so a machine that speeds up or slows down during the
# benchmark moves the floor and the builds alike; the medians are then taken over the rounds.
bench_rounds() {
  local name
  for _ in $(seq "$runs"); do
    for name in "$@"; do
      measure bash -c "$(declare -p debs names); $name"
      samples[$name]+=" $elapsed"
      (( peak_kib > ${peaks[$name]:-0} )) && peaks[$name]=$peak_kib
    done
  done
  for name in "$@"; do
    # shellcheck disable=SC2086
    times[$name]=$(median ${samples[$name]})
  done
}
package_cache "$work/warm" "$(lockfile python)"
rm -f "$root/target/distill.jsa"
distill_warm   # not timed: lets the launcher record its class-data-sharing archive
bench_rounds floor mmdebstrap_gzip distill_cold distill_warm distill_noop
for spec in "${pairs[@]}"; do
  rm -rf "$work/pair-cache-$spec"
  package_cache "$work/pair-cache-$spec" "$(lockfile "$spec")"
done
pair_build() { rm -rf "$work/pair-out"; DISTILL_CACHE=$work/pair-cache-$1 "$distill" build "$1" --locked --arch amd64 \
  --no-cache --no-compare -o "$work/pair-out" -q >/dev/null; }
export -f pair_build
bench_rounds "${pairs[@]/#/pair_build }"

row() { printf '%-52s %8s %8s %8s MB\n' "$1" "${times[$2]}" "$(ratio "${times[$2]}" "${times[floor]}")" $(( ${peaks[$2]} / 1024 )); }
echo "python:3.13 runtime set (amd64): ${#debs[@]} packages, $((unpacked / 1000000)) MB unpacked; median of $runs rounds; $(nproc) cores"
printf '%-52s %8s %8s %11s\n' "" seconds "x floor" "peak RSS"
row "floor: data.tar → gzip -6, on both cores" floor
row "mmdebstrap --variant=extract + tar + gzip" mmdebstrap_gzip
row "distill, python runtime, cold (empty cache)" distill_cold
row "distill, python runtime, warm (packages cached)" distill_warm
row "distill, python runtime, no-op (everything cached)" distill_noop
echo "no-op / warm: $(ratio "${times[distill_noop]}" "${times[distill_warm]}")"
for spec in "${pairs[@]}"; do row "distill, $spec pair (runtime + dev), warm" "pair_build $spec"; done
