// libs/po-catalog: translations found by segment_key(), and merge_po_file()
// (the real msgmerge) keeping a re-wrapped text's translation current.
#include "po_catalog.h"

#include <map>

#include <doctest/doctest.h>

#include "test_files.h"

using hocso::PoCatalog;
using hocso::PoEntry;
using hocso::PoIndex;
using hocso::segment_key;

TEST_CASE("segment_key: a re-wrapped paragraph has the key of the original") {
  const std::string original = "Chỉ cài VNeID từ CH Play hoặc App Store. Không cài từ\nđường link lạ.";
  CHECK(segment_key(original) == segment_key("Chỉ cài VNeID từ CH Play hoặc App Store.\nKhông cài từ đường link lạ."));
  CHECK(segment_key(original) == segment_key("Chỉ cài VNeID từ CH Play hoặc App Store. Không cài từ đường link lạ."));
  // Another word, a hard line break, other markup: another key.
  CHECK(segment_key(original) != segment_key("Chỉ nên cài VNeID từ CH Play hoặc App Store. Không cài từ\nđường link lạ."));
  CHECK(segment_key(original) !=
        segment_key("Chỉ cài VNeID từ CH Play hoặc App Store.  \nKhông cài từ đường link lạ."));
  CHECK(segment_key("Chạm **Tiếp tục**") != segment_key("Chạm Tiếp tục"));
  CHECK(segment_key("Bài [A](../a/lesson.md)\nrõ hơn") == segment_key("Bài [A](../a/lesson.md) rõ hơn"));
  CHECK(segment_key("Bài [A](../a/lesson.md)") != segment_key("Bài [A](../b/lesson.md)"));
  CHECK(segment_key("a <b>c</b>") != segment_key("a <i>c</i>"));
}

TEST_CASE("PoIndex finds an entry by context and segment key, not obsolete ones") {
  PoCatalog catalog;
  catalog.entries.push_back(PoEntry{.context = "bai", .msgid = "Một hai\nba.", .msgstr = "One two three."});
  catalog.entries.push_back(PoEntry{.context = "bai", .msgid = "Cũ.", .msgstr = "Old.", .obsolete = true});
  const PoIndex index(&catalog);
  REQUIRE(index.find("bai", "Một hai ba.") != nullptr);
  CHECK(index.find("bai", "Một\nhai ba.")->msgstr == "One two three.");
  CHECK(index.find("khac", "Một hai ba.") == nullptr);
  CHECK(index.find("bai", "Cũ.") == nullptr);
  CHECK(PoIndex(nullptr).find("bai", "Một hai ba.") == nullptr);
}

namespace {

PoCatalog catalog_of(std::initializer_list<std::pair<std::string, std::string>> entries) {
  PoCatalog catalog;
  catalog.header = "Language: en\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
                   "Content-Transfer-Encoding: 8bit\n";
  for (const auto& [msgid, msgstr] : entries)
    catalog.entries.push_back(PoEntry{.context = "bai", .msgid = msgid, .msgstr = msgstr, .references = {{"bai.md", 3}}});
  return catalog;
}

}  // namespace

TEST_CASE("merge_po_file: re-wrapped text stays translated, a changed word becomes fuzzy") {
  hocso::test::TempDir dir("hocso-po-merge");
  const auto po = dir.path / "en.po", pot = dir.path / "bai.pot";
  hocso::write_po_file(po, catalog_of({{"Chỉ cài VNeID từ CH Play hoặc App Store. Không cài\ntừ đường link lạ.",
                                        "Only install VNeID from CH Play or the App Store. Do not install\nfrom "
                                        "strange links."},
                                       {"Đặt mật khẩu dài từ 8 đến 20 ký tự.", "Choose a password of 8 to 20 "
                                                                              "characters."}}));
  hocso::write_po_file(pot, catalog_of({{"Chỉ cài VNeID từ CH Play hoặc App Store.\nKhông cài từ đường link lạ.", ""},
                                        {"Đặt mật khẩu dài từ 10 đến 20 ký tự.", ""}}));
  hocso::merge_po_file(po, pot);
  const auto merged = hocso::read_po_file(po, "en.po", [](hocso::Diagnostic d) { FAIL(d.message); });
  REQUIRE(merged);
  REQUIRE(merged->entries.size() >= 2);
  const PoEntry& rewrapped = merged->entries[0];
  CHECK(rewrapped.msgid == "Chỉ cài VNeID từ CH Play hoặc App Store.\nKhông cài từ đường link lạ.");
  CHECK(rewrapped.msgstr == "Only install VNeID from CH Play or the App Store. Do not install\nfrom strange links.");
  CHECK_FALSE(rewrapped.fuzzy);
  CHECK(rewrapped.previous_msgid.empty());
  const PoEntry& changed = merged->entries[1];
  CHECK(changed.msgid == "Đặt mật khẩu dài từ 10 đến 20 ký tự.");
  CHECK(changed.fuzzy);
  CHECK(changed.previous_msgid == "Đặt mật khẩu dài từ 8 đến 20 ký tự.");
}

TEST_CASE("merge_po_file: a catalog from before roles gets each role's entry, translations kept") {
  hocso::test::TempDir dir("hocso-po-roles");
  const auto po = dir.path / "en.po", pot = dir.path / "bai.pot";
  PoCatalog old = catalog_of({{"Kích hoạt", "Activate"}, {"Đổi", ""}});
  hocso::write_po_file(po, old);
  PoCatalog tmpl = catalog_of({{"Kích hoạt", ""}, {"Kích hoạt", ""}, {"Đổi", ""}});
  tmpl.entries[0].context = "bai|heading";
  tmpl.entries[1].context = "bai|label";
  tmpl.entries[2].context = "bai|paragraph";
  hocso::write_po_file(pot, tmpl);
  hocso::merge_po_file(po, pot);
  const auto merged = hocso::read_po_file(po, "en.po", [](hocso::Diagnostic d) { FAIL(d.message); });
  REQUIRE(merged);
  std::map<std::string, const PoEntry*> by_context;
  for (const PoEntry& e : merged->entries)
    if (!e.obsolete) by_context[e.context + " " + e.msgid] = &e;
  REQUIRE(by_context.size() == 3);
  REQUIRE(by_context.count("bai|heading Kích hoạt"));
  REQUIRE(by_context.count("bai|label Kích hoạt"));
  CHECK(by_context["bai|heading Kích hoạt"]->msgstr == "Activate");
  CHECK(by_context["bai|label Kích hoạt"]->msgstr == "Activate");
  CHECK_FALSE(by_context["bai|label Kích hoạt"]->fuzzy);
  REQUIRE(by_context.count("bai|paragraph Đổi"));
  CHECK(by_context["bai|paragraph Đổi"]->msgstr.empty());
  // Found by PoIndex with and without the role in an old catalog.
  const PoIndex old_index(&old);
  REQUIRE(old_index.find("bai|label", "Kích hoạt"));
  CHECK(old_index.find("bai|label", "Kích hoạt")->msgstr == "Activate");
}
