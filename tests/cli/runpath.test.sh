# No library from the current folder: every ELF file the build makes (build/bin,
# build/lib) and every one `cmake --install` writes has a RUNPATH/RPATH of
# absolute or $ORIGIN-relative folders only (an empty element, like CMake's
# padding ':' for its install-time edit, means the current folder), and hocso
# run from a folder holding planted copies of the libraries it needs loads none.
source "$(dirname "$0")/lib.sh"
: "${HOCSO_BINARY_DIR:?}"

# check_search_path FILE: every RUNPATH and RPATH element of FILE is absolute or
# starts with $ORIGIN. Prints nothing for a file without either.
check_search_path() {
  local file=$1 tag value element
  while IFS= read -r line; do
    tag=$(sed -n 's/.*(\(RUNPATH\|RPATH\)).*/\1/p' <<<"$line")
    value=$(sed -n 's/.*\[\(.*\)\]$/\1/p' <<<"$line")
    # awk keeps empty fields ("a:" has two), which `read -a` would drop.
    while IFS= read -r element; do
      case "$element" in
        /*|'$ORIGIN'|'$ORIGIN'/*|'${ORIGIN}'|'${ORIGIN}'/*) pass ;;
        *) fail "$file: $tag element '$element' is empty or relative (whole value: '$value')" ;;
      esac
    done < <(awk -F: '{ if (NF == 0) print ""; for (i = 1; i <= NF; i++) print $i }' <<<"$value")
  done < <(readelf -d "$file" 2>/dev/null | grep -E '\((RUNPATH|RPATH)\)' || true)
}

elf_files() {  # elf_files DIR...: the regular files that start with the ELF magic
  find "$@" -type f -print0 | while IFS= read -r -d '' f; do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && printf '%s\n' "$f"
  done
}

count=0
while IFS= read -r f; do
  check_search_path "$f"
  count=$((count + 1))
done < <(elf_files "$HOCSO_BINARY_DIR/bin" "$HOCSO_BINARY_DIR/lib")
[ "$count" -ge 10 ] && pass || fail "only $count ELF files under build/bin and build/lib"
# hocso itself must have one (it finds libhocso-core through it), relative to itself.
expect_in "$(readelf -d "$HOCSO" | grep -E '\((RUNPATH|RPATH)\)')" '[$ORIGIN/../lib]' "hocso's RUNPATH"

prefix=$SCRATCH/prefix
run cmake --install "$HOCSO_BINARY_DIR" --prefix "$prefix"
expect_status 0 "cmake --install"
count=0
while IFS= read -r f; do
  check_search_path "$f"
  count=$((count + 1))
done < <(elf_files "$prefix")
[ "$count" -ge 5 ] && pass || fail "only $count ELF files installed"

# Libraries planted where hocso runs: a fake of each library it needs (but the C
# library and the loader) whose constructor writes a marker.
plant=$SCRATCH/plant
mkdir -p "$plant"
cat > "$SCRATCH/planted.c" <<'C'
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void planted(void) {
  int fd = open(MARKER, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) { write(fd, "planted library loaded\n", 23); close(fd); }
}
C
needed=$(readelf -d "$HOCSO" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p' | grep -vE '^(libc\.so|ld-linux)')
[ -n "$needed" ] && pass || fail "hocso needs no library?"
for lib in $needed; do
  cc -shared -fPIC -DMARKER="\"$SCRATCH/marker\"" -o "$plant/$lib" "$SCRATCH/planted.c" || fail "cannot build a fake $lib"
done
expect_in "$needed" "libfmt.so.9" "hocso needs libfmt (the planted library of the report)"
for binary in "$HOCSO" "$prefix/bin/hocso"; do
  (cd "$plant" && run "$binary" --version; declare -p STATUS OUT ERR > "$SCRATCH/.r")
  source "$SCRATCH/.r"
  expect_status 0 "$binary --version run from a folder of planted libraries"
  expect_in "$OUT" "plugin API version" "$binary ran normally"
  [ ! -e "$SCRATCH/marker" ] && pass || fail "$binary loaded a library from the current folder: $(cat "$SCRATCH/marker")"
  rm -f "$SCRATCH/marker"
done
finish
