# Plugins: a bad plugin is an error when the pack needs it and a warning when it
# does not; an unknown stage gets "did you mean"; settings reach the stage.
source "$(dirname "$0")/lib.sh"
copy_content w
cd "$SCRATCH/w"
pack=content/packs/hocso-co-ban.yaml
with_plugins() {  # with_plugins LIST_YAML
  cp "$HOCSO_SOURCE_DIR/content/packs/hocso-co-ban.yaml" "$pack"
  printf 'plugins:\n%s\n' "$1" >> "$pack"
}

# Not needed: warnings naming each bad file; the check passes.
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 0 "bad plugins not needed"
expect_in "$ERR" "hocso-bad-version.so was built for plugin API version 2, this hocso has version 5; rebuild it against this hocso's headers [plugin-api-version]"
expect_in "$ERR" "warning: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-not-a-plugin.so is not a hocso plugin"
expect_in "$ERR" "hocso-throws-on-register.so threw while registering its stages: cannot register [plugin-threw]"

# Needed: errors at the pack's plugins entry.
with_plugins '  - name: validate-core
  - name: bad-version'
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 1 "pack needs a plugin with the wrong API version"
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:16:5: error: plugin $HOCSO_TEST_PLUGIN_DIR/hocso-bad-version.so was built for plugin API version 2"

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
expect_in "$ERR" "content/packs/hocso-co-ban.yaml:15:5: error: unknown plugin stage 'validate-cor'; did you mean 'validate-core'? [plugin-unknown-stage]"

# A third-party stage gets its settings and reports at the right place.
with_plugins '  - name: sample-check
    settings: {max_title: 10}'
run "$HOCSO" check --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 0 "sample-check warns only"
expect_in "$ERR" "content/lessons/cai-dat-vneid/lesson.md:3:8: warning: title is"
expect_in "$ERR" "[sample-title-length]"

# plugin list and --version show what was found.
run "$HOCSO" plugin list --plugin-dir "$HOCSO_TEST_PLUGIN_DIR"
expect_status 0 "plugin list"
expect_in "$OUT" "validate-core"
expect_in "$OUT" "stage sample-check (validate)"
expect_in "$ERR" "plugin not loaded: was built for plugin API version 2"
run "$HOCSO" --version
expect_in "$OUT" "plugin API version 5"
expect_in "$OUT" "plugin validate-core"
finish
