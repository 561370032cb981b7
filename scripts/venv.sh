# Sourced by scripts/run and scripts/test: makes .venv and installs the project into it,
# again only when pyproject.toml changed since the last install.

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else return 1
  fi
}

ensure_venv() {
  local extras="$1"
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed (found: $(python3 --version 2>&1))." >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv 2>/dev/null; then
      rm -rf .venv
      echo "Installing python3-venv (Debian/Ubuntu package) ..."
      as_root apt-get update -qq && as_root apt-get install -y -qq "python3-venv" >/dev/null \
        || { echo "Could not create a virtualenv: install python3-venv and try again." >&2; exit 1; }
      python3 -m venv .venv
    fi
  fi
  local stamp=".venv/.installed-${extras:-base}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "Installing dependencies into .venv (details in .venv/install.log) ..."
    # pip's notes and warnings go to the log; they are shown only when the install fails.
    if ! { .venv/bin/python -m pip install --quiet --upgrade pip \
           && .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"; } >.venv/install.log 2>&1; then
      cat .venv/install.log >&2
      echo "Installing the dependencies failed (see above)." >&2
      exit 1
    fi
    touch "$stamp"
  fi
}
