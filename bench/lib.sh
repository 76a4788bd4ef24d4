# Helpers shared by the benchmark scripts (sourced, not run).

# need CMD PACKAGE…: installs the Debian packages when a command is missing (as root), else explains.
need() {
  local cmd=$1; shift
  if ! command -v "$cmd" >/dev/null 2>&1; then
    if [[ $(id -u) -eq 0 ]]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
      echo "bench: $cmd is missing; install: apt-get install $*" >&2
      exit 1
    fi
  fi
}

# measure CMD…: runs a command; sets $elapsed (wall seconds) and $peak_kib (peak RSS of the biggest process).
measure() {
  local stats
  stats=$(mktemp)
  if ! /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null 2>"$stats.err"; then
    echo "bench: command failed: $*" >&2; cat "$stats.err" >&2; rm -f "$stats" "$stats.err"; exit 1
  fi
  read -r elapsed peak_kib < <(tail -1 "$stats")
  rm -f "$stats" "$stats.err"
}

# timed FUNCTION: runs a shell function (output discarded); sets $elapsed (wall seconds).
timed() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "bench: $* failed" >&2; exit 1; }
  end=$(date +%s.%N)
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b-a}')
}

# median of the numbers given
median() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'
}

# The distill jar of this checkout, built by the launcher when missing or older than the sources.
distill_jar() {
  local root=$1
  "$root/distill" --version >/dev/null
  echo "$root/target/distill.jar"
}

# serve_repo DIR: serves DIR on 127.0.0.1 (a free port); sets $repo_url and $server_pid.
serve_repo() {
  local dir=$1 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 -m http.server --bind 127.0.0.1 --directory "$dir" "$port" >/dev/null 2>&1 &
  server_pid=$!
  repo_url="http://127.0.0.1:$port"
  for _ in $(seq 50); do curl -fs "$repo_url/" >/dev/null && return; sleep 0.1; done
  echo "bench: the loopback server did not start" >&2; exit 1
}

# flat_repo DIR DEB…: copies the packages into DIR and writes a flat apt repository index (Packages, Release).
flat_repo() {
  local dir=$1; shift
  mkdir -p "$dir"
  cp "$@" "$dir/"
  (cd "$dir" && for f in *; do [[ $f == *.deb ]] || continue; n=$(dpkg-deb -f "$f" Package)_$(dpkg-deb -f "$f" Architecture).deb; [[ $f == "$n" ]] || mv "$f" "$n"; done
   dpkg-scanpackages --multiversion . /dev/null 2>/dev/null > Packages
   { echo "Suite: bench"; echo "Codename: bench"; echo "Date: $(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S UTC')"
     echo "SHA256:"; echo " $(sha256sum Packages | cut -d' ' -f1) $(stat -c %s Packages) Packages"; } > Release)
}
