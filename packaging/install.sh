#!/usr/bin/env bash
# Install Article Reader's one-folder build for the current user, or remove it.
#
#   install.sh [--from BUILD_DIR] [--prefix PREFIX]    install (or update)
#   install.sh --uninstall [--prefix PREFIX]           remove what install.sh installed
#
# BUILD_DIR is the one-folder build (the folder holding the article-reader
# program); by default the folder this script is in (it is shipped inside the
# build and the tarball), else dist/article-reader of the checkout it is in.
# PREFIX defaults to ~/.local.  Installed:
#
#   PREFIX/lib/article-reader/           the build (and INSTALLED_FILES, the manifest)
#   PREFIX/bin/article-reader            a symbolic link to the program
#   DATA/applications/io.github.article_reader.ArticleReader.desktop
#                                        menu entry and "Open with", Exec = the program
#   DATA/icons/hicolor/*/apps/io.github.article_reader.ArticleReader.{png,svg}
#   DATA/metainfo/io.github.article_reader.ArticleReader.metainfo.xml
#
# DATA is PREFIX/share, or $XDG_DATA_HOME when set and no --prefix is given.
# The menu and icon caches are refreshed when the tools are there
# (update-desktop-database; gtk-update-icon-cache only for an existing cache).
# --uninstall removes exactly the files and folders the manifest lists.
set -euo pipefail

APP_ID="io.github.article_reader.ArticleReader"
NAME="article-reader"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() { sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() { echo "install.sh: $*" >&2; exit 1; }

MODE=install
FROM=""
PREFIX=""
while [ $# -gt 0 ]; do
    case "$1" in
        --uninstall) MODE=uninstall; shift ;;
        --from) [ $# -ge 2 ] || die "--from needs a folder"; FROM="$2"; shift 2 ;;
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; PREFIX="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

[ -n "${HOME:-}" ] || die "HOME is not set"
if [ -n "$PREFIX" ]; then
    mkdir -p "$PREFIX"
    PREFIX="$(cd "$PREFIX" && pwd)"
    DATA="$PREFIX/share"
else
    PREFIX="$HOME/.local"
    DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
LIB="$PREFIX/lib/$NAME"
BIN="$PREFIX/bin/$NAME"
MANIFEST="$LIB/INSTALLED_FILES"
APPS="$DATA/applications"
DESKTOP="$APPS/$APP_ID.desktop"

refresh_caches() {  # refresh_caches [--no-mime]
    if [ "${1:-}" != --no-mime ] && command -v update-desktop-database >/dev/null 2>&1 \
        && [ -d "$APPS" ]; then
        update-desktop-database -q "$APPS" || true
    fi
    # Refresh the icon cache only if one exists (a missing cache is fine; a
    # cache created here would outlive an uninstall).
    local theme="$DATA/icons/hicolor"
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$theme/icon-theme.cache" ]; then
        gtk-update-icon-cache -q -f -t "$theme" || true
    fi
}

remove_installation() {
    if [ ! -f "$MANIFEST" ]; then
        echo "Article Reader is not installed under $PREFIX (no $MANIFEST)."
        return 0
    fi
    local kind path dirs cache_was_ours=0
    grep -qxF "cache	$APPS/mimeinfo.cache" "$MANIFEST" && cache_was_ours=1
    # Files and the link first, then the folders install.sh made, deepest first,
    # each only if nothing else has been put in it meanwhile.
    while IFS=$'\t' read -r kind path; do
        case "$kind" in
            file) rm -f -- "$path" ;;
            link) if [ -L "$path" ]; then rm -f -- "$path"; fi ;;
        esac
    done < "$MANIFEST"
    dirs="$(awk -F'\t' '$1 == "dir" { print $2 }' "$MANIFEST" | sort -r)"
    rm -rf -- "$LIB"
    # The mimeinfo.cache update-desktop-database wrote at install time goes too
    # if there was none before; an existing one is brought up to date instead.
    if [ "$cache_was_ours" = 1 ]; then
        rm -f -- "$APPS/mimeinfo.cache"
        refresh_caches --no-mime
    else
        refresh_caches
    fi
    if [ -n "$dirs" ]; then
        while IFS= read -r path; do
            rmdir -- "$path" 2>/dev/null || true
        done <<< "$dirs"
    fi
    echo "Article Reader removed from $PREFIX."
}

if [ "$MODE" = uninstall ]; then
    remove_installation
    exit 0
fi

# -- install ------------------------------------------------------------------

if [ -z "$FROM" ]; then
    if [ -x "$SCRIPT_DIR/$NAME" ] && [ ! -d "$SCRIPT_DIR/$NAME" ]; then
        FROM="$SCRIPT_DIR"
    else
        FROM="$SCRIPT_DIR/../dist/$NAME"
    fi
fi
[ -d "$FROM" ] || die "no build folder at $FROM (run packaging/build.sh, or pass --from)"
FROM="$(cd "$FROM" && pwd)"
[ -f "$FROM/$NAME" ] && [ -x "$FROM/$NAME" ] || die "$FROM/$NAME is not an executable program"
[ "$FROM" != "$LIB" ] || die "$FROM is already the installed copy"

# Desktop file, icons and metainfo: the build's bundled resources, else the checkout's.
RESOURCES=""
for candidate in "$FROM/_internal/reader/resources" "$SCRIPT_DIR/../resources"; do
    if [ -f "$candidate/desktop/$APP_ID.desktop" ]; then
        RESOURCES="$(cd "$candidate" && pwd)"
        break
    fi
done
[ -n "$RESOURCES" ] || die "cannot find the desktop file $APP_ID.desktop in the build or the checkout"

if [ -e "$BIN" ] || [ -L "$BIN" ]; then
    if [ ! -L "$BIN" ] || [ "$(readlink "$BIN")" != "$LIB/$NAME" ]; then
        die "$BIN exists and is not this installation's link; remove it first"
    fi
fi

# Updating: remove the previous installation first (by its manifest).
if [ -f "$MANIFEST" ]; then
    echo "Replacing the installation in $LIB."
    remove_installation >/dev/null
fi
if [ -e "$LIB" ]; then
    die "$LIB exists but was not made by install.sh; remove it first"
fi

ENTRIES=()
record() { ENTRIES+=("$1	$2"); }
make_dir() {  # mkdir -p, recording every folder it creates
    local dir="$1" missing=()
    while [ ! -d "$dir" ]; do
        missing=("$dir" "${missing[@]}")
        dir="$(dirname "$dir")"
    done
    local d
    for d in "${missing[@]}"; do
        mkdir -- "$d"
        record dir "$d"
    done
}
install_file() {  # install_file SOURCE TARGET
    make_dir "$(dirname "$2")"
    cp -- "$1" "$2.tmp.$$"
    chmod 0644 "$2.tmp.$$"
    mv -f -- "$2.tmp.$$" "$2"
    record file "$2"
}

# The program.  Copy next to the target, then rename into place.
make_dir "$(dirname "$LIB")"
STAGE="$(mktemp -d "$(dirname "$LIB")/.$NAME.XXXXXX")"
cp -a -- "$FROM/." "$STAGE/"
chmod 0755 "$STAGE"
mv -- "$STAGE" "$LIB"

make_dir "$(dirname "$BIN")"
ln -s -- "$LIB/$NAME" "$BIN"
record link "$BIN"

# Exec and TryExec point at the installed program (quoted per the Desktop Entry spec).
quote_exec() {
    local path="$1"
    if [[ "$path" =~ ^[A-Za-z0-9/._+-]+$ ]]; then
        printf '%s' "$path"
    else
        path="${path//\\/\\\\\\\\}"
        path="${path//\"/\\\\\"}"
        path="${path//\`/\\\\\`}"
        path="${path//\$/\\\\\$}"
        printf '"%s"' "${path//%/%%}"
    fi
}
EXEC="$(quote_exec "$LIB/$NAME")"
[ -f "$APPS/mimeinfo.cache" ] || record cache "$APPS/mimeinfo.cache"
make_dir "$APPS"
awk -v exec="$EXEC" -v tryexec="$LIB/$NAME" '
    /^Exec=article-reader( |$)/ { sub(/^Exec=article-reader/, "Exec=" exec); print; next }
    /^TryExec=/ { print "TryExec=" tryexec; next }
    { print }
' "$RESOURCES/desktop/$APP_ID.desktop" > "$DESKTOP.tmp.$$"
chmod 0644 "$DESKTOP.tmp.$$"
mv -f -- "$DESKTOP.tmp.$$" "$DESKTOP"
record file "$DESKTOP"

for icon in "$RESOURCES"/icons/hicolor/*/apps/"$APP_ID".*; do
    size="$(basename "$(dirname "$(dirname "$icon")")")"
    install_file "$icon" "$DATA/icons/hicolor/$size/apps/$(basename "$icon")"
done
install_file "$RESOURCES/desktop/$APP_ID.metainfo.xml" "$DATA/metainfo/$APP_ID.metainfo.xml"

printf '%s\n' "${ENTRIES[@]}" > "$MANIFEST"
refresh_caches

echo "Article Reader installed:"
echo "  program      $LIB/$NAME"
echo "  command      $BIN"
echo "  menu entry   $DESKTOP"
case ":$PATH:" in
    *":$PREFIX/bin:"*) ;;
    *) echo "Note: $PREFIX/bin is not on your PATH; add it to run 'article-reader' from a terminal." ;;
esac
if [ -f "$LIB/install.sh" ]; then
    echo "Remove it with: $LIB/install.sh --uninstall"
else
    echo "Remove it with: install.sh --uninstall"
fi
