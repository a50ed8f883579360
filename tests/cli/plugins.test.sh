# Plugins: a bad plugin is an error when the pack needs it and a warning when it
# does not; an unknown stage gets "did you mean"; settings reach the stage.
source "$(dirname "$0")/lib.sh"
copy_content w
cd "$SCRATCH/w"
pack=content/packs/hocso-co-ban.yaml
with_plugins() {  # with_plugins LIST_YAML
  sample_pack "$pack"
  printf 'plugins:\n%s\n' "$1" >> "$pack"
}
# The lines of the first and second entries with_plugins adds after the pack's own lines.
first_entry=$(($(sample_pack "$SCRATCH/pack.yaml" && wc -l < "$SCRATCH/pack.yaml") + 2))
second_entry=$((first_entry + 1))

# Not needed: warnings naming each bad file; the check passes.
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 0 "bad plugins not needed"
expect_in "$ERR" "hocso-bad-version.so was built for plugin API version 2, this hocso has version 6.4; rebuild it against this hocso's headers [plugin-api-version]"
# A plugin built with -D_GLIBCXX_DEBUG and one for another major: refused,
# naming the file and the reason; one built for minor 0 of this major loads.
expect_in "$ERR" "warning: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-glibcxx-debug.so was built with libstdc++ in debug mode (_GLIBCXX_DEBUG), this hocso with libstdc++: "
expect_in "$ERR" "rebuild it with the same standard library and settings as hocso [plugin-abi]"
expect_in "$ERR" "warning: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-wrong-major.so was built for plugin API version 7.0, this hocso has version 6.4 (another major version); rebuild it against this hocso's headers [plugin-api-version]"
expect_in "$ERR" "warning: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-newer-minor.so was built for plugin API version 6.5, this hocso has version 6.4, which lacks what 6.5 added"
expect_not_in "$ERR" "hocso-older-minor.so"
expect_in "$ERR" "warning: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-not-a-plugin.so is not a hocso plugin"
expect_in "$ERR" "hocso-throws-on-register.so threw while registering its stages: cannot register [plugin-threw]"

# Needed: errors at the pack's plugins entry.
with_plugins '  - name: validate-core
  - name: bad-version'
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 1 "pack needs a plugin with the wrong API version"
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:$second_entry:5: error: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-bad-version.so was built for plugin API version 2"
with_plugins '  - name: glibcxx-debug'
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 1 "pack needs a plugin built in debug mode"
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:$first_entry:5: error: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-glibcxx-debug.so was built with libstdc++ in debug mode (_GLIBCXX_DEBUG)"
with_plugins '  - name: older-minor'
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 0 "a plugin built for minor 0 of this major"

with_plugins '  - name: throws'
run "$HOCSO" build --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 1 "a stage that throws"
expect_in "$ERR" "hocso-throws.so: error: plugin stage 'throws' threw an exception: boom from the throws plugin [plugin-threw]"
[ ! -e dist ] && pass || fail "a failed build wrote dist/"

with_plugins '  - name: not-a-plugin'
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 1 "needs a file that is not a plugin"
expect_in "$ERR" "error: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-not-a-plugin.so is not a hocso plugin"

with_plugins '  - name: validate-cor'
run "$HOCSO" check
expect_status 1 "unknown stage"
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:$first_entry:5: error: unknown plugin stage 'validate-cor'; did you mean 'validate-core'? [plugin-unknown-stage]"
run "$HOCSO" check --lang vi
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:$first_entry:5: lỗi: không có bước plugin 'validate-cor'; có phải ý bạn là 'validate-core'? [plugin-unknown-stage]"

# A third-party stage gets its settings and reports at the right place.
with_plugins '  - name: sample-check
    settings: {max_title: 10}'
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 0 "sample-check warns only"
expect_in "$ERR" "content/lessons/cai-dat-vneid/lesson.md:3:8: warning: title is"
expect_in "$ERR" "[sample-title-length]"

# validate-core runs whatever the pack's list says: a lesson that breaks the
# schema is an error with only a third-party stage listed.
with_plugins '  - name: sample-check'
lesson=content/lessons/cai-dat-vneid/lesson.md
sed -i 's/^level: co-ban$/level: rat-kho/' "$lesson"
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 1 "a pack whose list leaves validate-core out"
expect_in "$ERR" "$lesson:5:8: error:" "validate-core still checks the lesson"
cp "$HOCSO_SOURCE_DIR/$lesson" "$lesson"
sample_pack "$pack"

# validate-core is required. A hocso whose plugin folder lacks it: an
# environment error (exit 2) saying what to do, and nothing is written.
make_test_key
prefix=$SCRATCH/prefix
mkdir -p "$prefix/bin" "$prefix/lib/hocso/plugins" "$prefix/share"
cp "$HOCSO" "$prefix/bin/"
cp -P "$HOCSO_BINARY_DIR"/lib/libhocso-core.so* "$HOCSO_BINARY_DIR"/lib/libhocso-bundle.so* "$HOCSO_BINARY_DIR"/lib/libhocso-pull.so* "$prefix/lib/"
cp "$HOCSO_BINARY_DIR"/lib/hocso/plugins/hocso-*.so "$prefix/lib/hocso/plugins/"
rm "$prefix/lib/hocso/plugins/hocso-validate-core.so"
cp -R "$HOCSO_BINARY_DIR/share/hocso" "$prefix/share/"
key=(--key "$SCRATCH/keys/test.key")
for cmd in check build; do
  run "$prefix/bin/hocso" $cmd $([ $cmd = build ] && echo "${key[@]}")
  expect_status 2 "$cmd without validate-core"
  expect_in "$ERR" "hocso $cmd: error: validate-core is not installed: no hocso-validate-core.so in the plugin folders ($prefix/lib/hocso/plugins)"
  expect_in "$ERR" "reinstall hocso (it installs the plugin in $prefix/lib/hocso/plugins)"
  [ ! -e dist ] && pass || fail "$cmd without validate-core wrote dist/"
done
run "$prefix/bin/hocso" build --key "$SCRATCH/keys/test.key" --format json
expect_status 2 "build --format json without validate-core"
expect_in "$OUT" '"error": "validate-core is not installed'

# Shadowed: another plugin renamed hocso-validate-core.so comes first on the
# path. An error, and the shadowed copies are never loaded: a later copy of the
# marker plugin under that name never runs its constructor.
mkdir -p "$SCRATCH/earlier" "$SCRATCH/later"
cp "$HOCSO_TEST_PLUGIN_DIR/hocso-sample-check.so" "$SCRATCH/earlier/hocso-validate-core.so"
cp "$HOCSO_TEST_PLUGIN_DIR/hocso-load-marker.so" "$SCRATCH/later/hocso-validate-core.so"
export HOCSO_TEST_LOAD_MARKER=$SCRATCH/loaded.txt
for cmd in check build; do
  run "$HOCSO" $cmd --plugin-dir "$SCRATCH/earlier" --plugin-dir "$SCRATCH/later" $([ $cmd = build ] && echo "${key[@]}")
  expect_status 2 "$cmd with validate-core shadowed"
  expect_in "$ERR" "hocso $cmd: error: two files named hocso-validate-core.so are on the plugin path, $SCRATCH/earlier/hocso-validate-core.so and $SCRATCH/later/hocso-validate-core.so"
  [ ! -e dist ] && pass || fail "$cmd with validate-core shadowed wrote dist/"
done
[ ! -e "$HOCSO_TEST_LOAD_MARKER" ] && pass || fail "a shadowed plugin was loaded: $(cat "$HOCSO_TEST_LOAD_MARKER")"
# plugin list shows who shadows whom (and --version too).
run "$HOCSO" plugin list --plugin-dir "$SCRATCH/earlier" --plugin-dir "$SCRATCH/later"
expect_status 0 "plugin list with shadowing"
expect_in "$OUT" "  shadows $SCRATCH/later/hocso-validate-core.so (same file name, later on the plugin path: not loaded)"
grep -A2 -xF "sample-check 1.0 — a third-party sample stage" <<<"$OUT" | grep -qxF "  $SCRATCH/earlier/hocso-validate-core.so" \
  && pass || fail "plugin list names the file that shadows: $OUT"
expect_in "$OUT" "shadowed: $SCRATCH/later/hocso-validate-core.so by $SCRATCH/earlier/hocso-validate-core.so"
expect_in "$OUT" "shadowed: $HOCSO_BINARY_DIR/lib/hocso/plugins/hocso-validate-core.so by $SCRATCH/earlier/hocso-validate-core.so"
run "$HOCSO" plugin list --plugin-dir "$SCRATCH/earlier" --plugin-dir "$SCRATCH/later" --format json
python3 - "$OUT" "$SCRATCH" "$HOCSO_BINARY_DIR" <<'PY' && pass || fail "plugin list json shadowing: $OUT"
import json, sys
d, scratch, build = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
first = scratch + "/earlier/hocso-validate-core.so"
shadowed = {(s["file"], s["shadowed_by"]) for s in d["shadowed"]}
assert (scratch + "/later/hocso-validate-core.so", first) in shadowed, shadowed
assert (build + "/lib/hocso/plugins/hocso-validate-core.so", first) in shadowed, shadowed
plugin = [p for p in d["plugins"] if p["file"] == first][0]
assert plugin["name"] == "sample-check" and len(plugin["shadows"]) == 2, plugin
assert not any(p["name"] == "validate-core" for p in d["plugins"])
PY
[ ! -e "$HOCSO_TEST_LOAD_MARKER" ] && pass || fail "plugin list loaded a shadowed plugin"
run env HOCSO_PLUGIN_PATH="$SCRATCH/later" "$HOCSO" --version
expect_in "$OUT" "plugin SHADOWED $HOCSO_BINARY_DIR/lib/hocso/plugins/hocso-validate-core.so by $SCRATCH/later/hocso-validate-core.so"
rm -f "$HOCSO_TEST_LOAD_MARKER"

# A plugin folder others can write to is refused (and its plugins never
# loaded), unless --allow-insecure-plugins.
open=$SCRATCH/open
mkdir -p "$open"
cp "$HOCSO_TEST_PLUGIN_DIR/hocso-sample-check.so" "$HOCSO_TEST_PLUGIN_DIR/hocso-load-marker.so" "$open/"
chmod 0777 "$open"
with_plugins '  - name: sample-check'
run "$HOCSO" check --plugin-dir "$open"
expect_status 1 "a needed plugin in a world-writable folder"
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:$first_entry:5: error: plugin $open/hocso-sample-check.so is refused: $open is writable by every user (mode 0777); hocso loads plugins only from files and folders that no one but their owner (root or the user running hocso) can change"
expect_in "$ERR" "or pass --allow-insecure-plugins [plugin-insecure]"
expect_in "$ERR" "warning: plugin $open/hocso-load-marker.so is refused:"
[ ! -e "$HOCSO_TEST_LOAD_MARKER" ] && pass || fail "a plugin in a world-writable folder was loaded"
run "$HOCSO" plugin list --plugin-dir "$open"
expect_in "$ERR" "$open/hocso-sample-check.so: warning: plugin not loaded: is refused: $open is writable by every user"
expect_not_in "$OUT" "sample-check 1.0"
run "$HOCSO" check --plugin-dir "$open" --allow-insecure-plugins
expect_status 0 "accepted with --allow-insecure-plugins"
expect_in "$ERR" "$open/hocso-sample-check.so: warning: loaded although $open is writable by every user (mode 0777) (--allow-insecure-plugins) [plugin-insecure]"
[ -s "$HOCSO_TEST_LOAD_MARKER" ] && pass || fail "the marker plugin should have been loaded with --allow-insecure-plugins"
rm -f "$HOCSO_TEST_LOAD_MARKER"
chmod 0755 "$open"
run "$HOCSO" check --plugin-dir "$open"
expect_status 0 "the same folder, no longer writable by others"
# Owned by another user (not root): refused. Needs root to chown.
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$open/hocso-sample-check.so"
  run "$HOCSO" check --plugin-dir "$open"
  expect_status 1 "a plugin file owned by nobody"
  expect_in "$ERR" "plugin $open/hocso-sample-check.so is refused: $open/hocso-sample-check.so is owned by nobody (uid $(id -u nobody)), neither root nor the user running hocso"
  chown root "$open/hocso-sample-check.so"
fi
sample_pack "$pack"
unset HOCSO_TEST_LOAD_MARKER

# plugin list and --version show what was found.
run "$HOCSO" plugin list --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 0 "plugin list"
expect_in "$OUT" "validate-core"
expect_in "$OUT" "stage sample-check (validate)"
expect_in "$ERR" "plugin not loaded: was built for plugin API version 2"
run "$HOCSO" --version
expect_in "$OUT" "plugin API version 6.4"
expect_in "$OUT" "plugin validate-core"
finish
