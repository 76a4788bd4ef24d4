#!/usr/bin/env bash
# Cold and warm fetch of the python:3.13 runtime set (amd64) against `apt-get download` of the same packages, in
# the same run, from the Debian mirror this host's apt sources name. Usage: bench/fetch-python.sh [RUNS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bench/lib.sh"
runs=${1:-3}
jar=$(distill_jar "$root")
work=$(mktemp -d /tmp/distill-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
export DISTILL_CACHE=$work/lock-cache
java -jar "$jar" lock python -o "$work/python.lock.json" -q >/dev/null

# apt, configured for the same release and mirrors, with its indices fetched beforehand (not timed)
main=$(awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1)
security=$(awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep security | head -1)
[[ -n $main ]] || { echo "bench: no deb822 apt source on this host" >&2; exit 1; }
mkdir -p apt/parts apt/prefs apt/state/lists/partial apt/cache/archives/partial
: > apt/status
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
{ echo "deb [signed-by=$keyring] $main trixie main"; echo "deb [signed-by=$keyring] $main trixie-updates main"
  echo "deb [signed-by=$keyring] $security trixie-security main"; } > apt/sources.list
aptopts=(-o Dir::Etc::SourceList="$work/apt/sources.list" -o Dir::Etc::SourceParts="$work/apt/parts"
  -o Dir::Etc::PreferencesParts="$work/apt/prefs" -o Dir::State="$work/apt/state" -o Dir::State::status="$work/apt/status"
  -o Dir::Cache="$work/apt/cache" -o APT::Architecture=amd64 -o APT::Architectures::=amd64 -o Debug::NoLocking=1
  -o Acquire::Languages=none -o APT::Sandbox::User=root)
apt-get "${aptopts[@]}" update -qq
mapfile -t wanted < <(python3 -c 'import json,sys; print("\n".join(p["name"]+"="+p["version"] for p in json.load(open(sys.argv[1]))["packages"]["amd64"] if p["side"]=="runtime"))' python.lock.json)

apt_download() { rm -rf "$work/debs" && mkdir "$work/debs" && (cd "$work/debs" && apt-get "${aptopts[@]}" download -qq "${wanted[@]}"); }
distill_cold() { rm -rf "$work/cache"; DISTILL_CACHE=$work/cache java -jar "$jar" fetch python --locked --arch amd64 --runtime-only -q; }
distill_warm() { DISTILL_CACHE=$work/cache java -jar "$jar" fetch python --locked --arch amd64 --runtime-only -q; }
declare -A times
for name in apt_download distill_cold distill_warm; do
  samples=()
  for _ in $(seq "$runs"); do
    timed "$name"
    samples+=("$elapsed")
  done
  times[$name]=$(median "${samples[@]}")
done
echo "python:3.13 runtime set (amd64): ${#wanted[@]} packages; $runs runs each, median"
printf '%-44s %8s %14s\n' "" seconds "x apt-get"
printf '%-44s %8s %14s\n' "apt-get download (indices already fetched)" "${times[apt_download]}" 1.00
printf '%-44s %8s %14s\n' "distill fetch, cold (empty cache)" "${times[distill_cold]}" "$(ratio "${times[distill_cold]}" "${times[apt_download]}")"
printf '%-44s %8s %14s\n' "distill fetch, warm (everything cached)" "${times[distill_warm]}" "$(ratio "${times[distill_warm]}" "${times[apt_download]}")"
