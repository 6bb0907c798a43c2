# shellcheck shell=bash disable=SC2034  # the arrays are read through ${!name}
# The Debian packages Syntera needs, in one place, and the function that installs the missing
# ones. Sourced by scripts/run (group "build") and scripts/test (groups "build" and "test").
#
# To add a package: append it to the group that needs it. A group is a bash array named
# SYNTERA_PACKAGES_<GROUP>; a new group (e.g. "browser") only needs a new array.
# When a package is already satisfied by a command on PATH that did not come from apt (the
# machines have node 20 + npm 11 from another source), name that command in
# SYNTERA_PACKAGE_COMMAND: the package is then skipped when the command exists.

SYNTERA_PACKAGES_BUILD=(
  build-essential cmake ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev
  libargon2-dev libsodium-dev libssl-dev
  libspdlog-dev libfmt-dev libtomlplusplus-dev
  libcrack2-dev cracklib-runtime
  libgtest-dev libgmock-dev libbenchmark-dev
  librabbitmq-dev libhiredis-dev
)

SYNTERA_PACKAGES_TEST=(
  postgresql rabbitmq-server redis-server
  chromium sqlite3
  nodejs npm
  wrk nginx-light
  openssl curl
  clang libclang-rt-14-dev
)

# package -> command that, when already on PATH, makes the package unnecessary.
declare -gA SYNTERA_PACKAGE_COMMAND=(
  [nodejs]=node
  [npm]=npm
  [nginx-light]=nginx   # any nginx flavour (nginx, nginx-light, nginx-full) serves the benchmark
)

# syntera_missing_packages GROUP... : prints the packages of the groups that are not installed.
syntera_missing_packages() {
  local group pkg cmd status list
  for group in "$@"; do
    list="SYNTERA_PACKAGES_${group^^}[@]"
    for pkg in "${!list}"; do
      cmd="${SYNTERA_PACKAGE_COMMAND[$pkg]:-}"
      if [[ -n "$cmd" ]] && command -v "$cmd" >/dev/null 2>&1; then
        continue
      fi
      status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
      [[ "$status" == installed ]] || printf '%s\n' "$pkg"
    done
  done
}

# syntera_install_packages GROUP... : installs whatever the groups miss (no-op when complete).
syntera_install_packages() {
  local missing sudo=()
  mapfile -t missing < <(syntera_missing_packages "$@")
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  if ((EUID != 0)); then
    sudo=(sudo)
  fi
  echo "Installing missing packages: ${missing[*]}" >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}" >&2
}
