#!/usr/bin/env bash
# Warm build of the python:3.13 runtime image (amd64) against, in the same run and from the same packages served
# on loopback: the floor (decompress every package's data.tar and gzip the result, on both cores) and
# mmdebstrap --variant=extract + tar + gzip (what a Debian user would script). Prints seconds, ratios to the
# floor and peak memory. Usage: bench/build-python.sh [RUNS]   (default 3 runs each; the median is reported)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bench/lib.sh"
runs=${1:-3}
need mmdebstrap mmdebstrap
need pigz pigz
need dpkg-scanpackages dpkg-dev
need curl curl
need python3 python3
jar=$(distill_jar "$root")
work=$(mktemp -d /tmp/distill-bench.XXXXXX)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export DISTILL_CACHE=$work/cache

# The python runtime set, resolved once, fetched once into the cache (the warm state).
cd "$work"
java -jar "$jar" lock python -o "$work/python.lock.json" -q >/dev/null
cp "$work/python.lock.json" "$work/python.lock.json.keep"
java -jar "$jar" fetch python --locked -q >/dev/null 2>&1 || true
mapfile -t debs < <(python3 - "$work/python.lock.json" "$DISTILL_CACHE" <<'PY'
import json, sys
lock = json.load(open(sys.argv[1]))
for p in lock["packages"]["amd64"]:
    if p["side"] == "runtime":
        print(f"{sys.argv[2]}/sha256/{p['sha256']}")
PY
)
mapfile -t names < <(python3 -c 'import json,sys; print("\n".join(p["name"] for p in json.load(open(sys.argv[1]))["packages"]["amd64"] if p["side"]=="runtime"))' "$work/python.lock.json")
flat_repo "$work/repo" "${debs[@]}"
serve_repo "$work/repo"
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
distill_warm() {
  rm -rf "$work/out"
  java -jar "$jar" build python --locked --arch amd64 --runtime-only -o "$work/out" -q >/dev/null
}
export -f floor mmdebstrap_gzip distill_warm
export work jar repo_url
declare -A times peaks
for name in floor mmdebstrap_gzip distill_warm; do
  samples=()
  for _ in $(seq "$runs"); do
    measure bash -c "$(declare -p debs names); $name"
    samples+=("$elapsed")
    peaks[$name]=$peak_kib
  done
  times[$name]=$(median "${samples[@]}")
done

echo "python:3.13 runtime set: ${#debs[@]} packages, $((unpacked / 1000000)) MB unpacked; $runs runs each, median; $(nproc) cores"
printf '%-46s %8s %8s %10s\n' "" seconds "x floor" "peak RSS"
printf '%-46s %8s %8s %8s MB\n' "floor (data.tar → gzip -6, both cores)" "${times[floor]}" 1.00 $((peaks[floor] / 1024))
printf '%-46s %8s %8s %8s MB\n' "mmdebstrap --variant=extract + tar + gzip" "${times[mmdebstrap_gzip]}" \
  "$(ratio "${times[mmdebstrap_gzip]}" "${times[floor]}")" $((peaks[mmdebstrap_gzip] / 1024))
printf '%-46s %8s %8s %8s MB\n' "distill build --runtime-only (warm)" "${times[distill_warm]}" \
  "$(ratio "${times[distill_warm]}" "${times[floor]}")" $((peaks[distill_warm] / 1024))
