# hocso's own catalog is current (docs/decisions/0022): po/hocso.pot is what
# xgettext finds in the sources, po/vi.po translates every message (no empty
# or fuzzy entry) and passes msgfmt --check (placeholders kept).
source "$(dirname "$0")/lib.sh"

run "$HOCSO_SOURCE_DIR/build-tools/update-pot" --check
expect_status 0 "build-tools/update-pot --check (run build-tools/update-pot, then translate po/vi.po)"

# The check itself fails on a message marked in the sources but not in the catalog.
mkdir -p "$SCRATCH/core"
cp -R "$HOCSO_SOURCE_DIR/build-tools" "$HOCSO_SOURCE_DIR/po" "$HOCSO_SOURCE_DIR/cli" "$HOCSO_SOURCE_DIR/plugins" \
  "$HOCSO_SOURCE_DIR/schemas" "$SCRATCH/"
cp -R "$HOCSO_SOURCE_DIR/core/src" "$HOCSO_SOURCE_DIR/core/include" "$SCRATCH/core/"
printf 'const char* added() { return hocso::_("a new message nobody translated"); }\n' >>"$SCRATCH/core/src/check/writing_checks.cpp"
run "$SCRATCH/build-tools/update-pot" --check
expect_status 1 "a new message makes the catalog stale"
expect_in "$ERR" "po/hocso.pot is stale: the sources mark other messages; run build-tools/update-pot and translate po/vi.po"
expect_in "$ERR" '+msgid "a new message nobody translated"'

# So does a schema's description of a pattern that the catalog lacks
# (validate-core says "expected <description>").
sed -i 's/"a date written YYYY-MM-DD, like 2026-12-02"/"a day written YYYY-MM-DD"/' "$SCRATCH/schemas/lesson.schema.json"
run "$SCRATCH/build-tools/update-pot" --check
expect_status 1 "a changed pattern description makes the catalog stale"
expect_in "$ERR" '+msgid "a day written YYYY-MM-DD"'

# An untranslated entry in vi.po fails it too.
run "$SCRATCH/build-tools/update-pot"
expect_status 0 "update-pot merges the new message into vi.po"
run "$SCRATCH/build-tools/update-pot" --check
expect_status 1 "the new message is untranslated"
expect_in "$ERR" "po/vi.po has untranslated messages:"

finish
