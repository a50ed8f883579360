# Nothing unexpected aborts hocso: an exception that is not hocso's own (here a
# std::filesystem error, from stat() failing with EIO on the bundle through a
# preloaded library) is "hocso COMMAND: internal error: WHAT", exit 2, in the
# human and the json format; never SIGABRT (exit 134).
source "$(dirname "$0")/lib.sh"
cat > "$SCRATCH/fail_stat.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
/* stat() of any path ending in .hocso fails with EIO; everything else is real. */
int stat(const char* path, struct stat* st) {
  size_t n = strlen(path);
  if (n >= 6 && strcmp(path + n - 6, ".hocso") == 0) {
    errno = EIO;
    return -1;
  }
  int (*real)(const char*, struct stat*) = (int (*)(const char*, struct stat*))dlsym(RTLD_NEXT, "stat");
  return real(path, st);
}
C
cc -shared -fPIC -o "$SCRATCH/fail_stat.so" "$SCRATCH/fail_stat.c" -ldl && pass || fail "cannot build the preload library"
touch "$SCRATCH/x.hocso"
make_test_key
for cmd in verify inspect; do
  run env LD_PRELOAD="$SCRATCH/fail_stat.so" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$HOCSO" $cmd "$SCRATCH/x.hocso" --pubkey "$SCRATCH/keys/test.pub"
  expect_status 2 "$cmd when stat fails"
  expect_in "$ERR" "hocso $cmd: internal error: filesystem error: status: Input/output error [$SCRATCH/x.hocso]"
  run env LD_PRELOAD="$SCRATCH/fail_stat.so" ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0" "$HOCSO" $cmd "$SCRATCH/x.hocso" --pubkey "$SCRATCH/keys/test.pub" --format json
  expect_status 2 "$cmd --format json when stat fails"
  expect_in "$OUT" "\"command\": \"$cmd\""
  expect_in "$OUT" '"ok": false'
  expect_in "$OUT" '"error": "internal error: filesystem error: status: Input/output error'
done
finish
