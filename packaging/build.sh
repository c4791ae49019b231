#!/usr/bin/env bash
# Build Article Reader's Linux bundles from a checkout into dist/.
#
#   packaging/build.sh [--venv DIR] [--no-install] [--onefolder-only]
#
#   --venv DIR        the build virtualenv (default: build/venv; created if missing)
#   --no-install      use the venv as it is (it must already have the project's
#                     dependencies and PyInstaller), e.g. --venv .venv --no-install
#   --onefolder-only  skip the one-file build
#
# Environment: PYTHON (interpreter that creates the venv; default python3),
# SOURCE_DATE_EPOCH (timestamp inside the tarball; default: the last commit's).
#
# Produces:
#   dist/article-reader/                                   one-folder build (+ install.sh)
#   dist/onefile/article-reader                            one-file build
#   dist/article-reader-<version>-linux-<arch>.tar.gz      the one-folder build, packed
#   dist/article-reader-<version>-linux-<arch>.tar.gz.sha256
#   dist/article-reader-<version>-linux-<arch>             the one-file build, renamed
#   dist/article-reader-<version>-linux-<arch>.sha256
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/build/venv"
INSTALL=1
ONEFILE=1
PYINSTALLER_REQUIREMENT='pyinstaller>=6.5,<7'

while [ $# -gt 0 ]; do
    case "$1" in
        --venv) VENV="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
        --no-install) INSTALL=0; shift ;;
        --onefolder-only) ONEFILE=0; shift ;;
        -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

cd "$ROOT"
started=$SECONDS
step() { printf '\n==> %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
    [ "$INSTALL" = 1 ] || { echo "build.sh: $VENV is not a virtualenv" >&2; exit 2; }
    step "creating the build venv $VENV"
    "${PYTHON:-python3}" -m venv "$VENV"
fi
PY="$VENV/bin/python"

if [ "$INSTALL" = 1 ]; then
    # Reinstall only when the project's requirements changed since the last build.
    stamp="$VENV/.article-reader-build-stamp"
    wanted="$(cat pyproject.toml; echo "$PYINSTALLER_REQUIREMENT")"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(printf '%s' "$wanted" | sha256sum)" ]; then
        step "installing the project and PyInstaller into $VENV"
        "$PY" -m pip install --quiet --disable-pip-version-check . "$PYINSTALLER_REQUIREMENT"
        printf '%s' "$wanted" | sha256sum > "$stamp"
    else
        step "the build venv is up to date"
    fi
fi

VERSION="$("$PY" -c 'import ast, sys
tree = ast.parse(open("reader/__init__.py", encoding="utf-8").read())
print(next(ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
           and any(getattr(t, "id", None) == "__version__" for t in n.targets)))')"
ARCH="$(uname -m)"
BASE="article-reader-$VERSION-linux-$ARCH"
SPEC="packaging/article-reader.spec"
PYI=("$PY" -m PyInstaller --noconfirm --clean --log-level WARN --workpath build/pyinstaller)

step "one-folder build of article-reader $VERSION ($ARCH)"
t0=$SECONDS
rm -rf dist/article-reader
"${PYI[@]}" --distpath dist "$SPEC"
onefolder_time=$((SECONDS - t0))

if [ "$ONEFILE" = 1 ]; then
    step "one-file build"
    t0=$SECONDS
    rm -rf dist/onefile
    "${PYI[@]}" --distpath dist/onefile "$SPEC" -- --onefile
    onefile_time=$((SECONDS - t0))
fi

# The per-user installer travels with the build: article-reader/install.sh.
install -m 0755 packaging/install.sh dist/article-reader/install.sh

step "packing dist/$BASE.tar.gz"
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
rm -rf "dist/$BASE.tar.gz" "dist/$BASE.tar.gz.sha256"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    -C dist -cf - article-reader | gzip -n -9 > "dist/$BASE.tar.gz"
(cd dist && sha256sum "$BASE.tar.gz" > "$BASE.tar.gz.sha256")
if [ "$ONEFILE" = 1 ]; then
    cp dist/onefile/article-reader "dist/$BASE"
    (cd dist && sha256sum "$BASE" > "$BASE.sha256")
fi

step "done in $((SECONDS - started)) s"
printf '  one-folder  %-46s %6s MB  (%s s)\n' "dist/article-reader/" \
    "$(du -sm dist/article-reader | cut -f1)" "$onefolder_time"
if [ "$ONEFILE" = 1 ]; then
    printf '  one-file    %-46s %6s MB  (%s s)\n' "dist/$BASE" \
        "$(du -sm "dist/$BASE" | cut -f1)" "$onefile_time"
fi
printf '  tarball     %-46s %6s MB\n' "dist/$BASE.tar.gz" "$(du -sm "dist/$BASE.tar.gz" | cut -f1)"
cat "dist/$BASE.tar.gz.sha256"
