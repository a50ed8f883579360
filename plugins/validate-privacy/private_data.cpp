#include "private_data.h"

#include "hocso/messages.h"

#include <algorithm>
#include <array>
#include <optional>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace validate_privacy {

namespace {

// How far (in characters, on the same line) a number may be from "STK" or
// "OTP" to count as the thing the word names: "STK: 1903 4567 8901",
// "Mã OTP của bạn là 482913", "482913 là mã xác thực".
constexpr std::size_t kNear = 40;

struct Text {
  std::vector<UChar32> cp;       // code points (a bad byte is U+FFFD)
  std::vector<std::size_t> at;   // byte offset of each, and of the end
};

Text decode(std::string_view s) {
  Text t;
  std::int32_t i = 0;
  const auto length = static_cast<std::int32_t>(s.size());
  while (i < length) {
    t.at.push_back(static_cast<std::size_t>(i));
    UChar32 c;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, length, c);
    t.cp.push_back(c < 0 ? 0xFFFD : c);
  }
  t.at.push_back(s.size());
  return t;
}

bool is_digit(UChar32 c) { return c >= '0' && c <= '9'; }
bool is_separator(UChar32 c) { return c == ' ' || c == '.' || c == '-' || c == 0x00A0; }
UChar32 separator_kind(UChar32 c) { return c == 0x00A0 ? ' ' : c; }

// The letter without its marks, in lower case: "Ố" → 'o', "đ" → 'd'. Writers
// type the marks, OCR sometimes drops them; "số tài khoản" is matched either way.
UChar32 bare_letter(UChar32 c) {
  if (c == 0x0110 || c == 0x0111) return 'd';
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposed;
  if (U_SUCCESS(status) && nfd->getDecomposition(c, decomposed) && decomposed.length() > 0)
    c = decomposed.char32At(0);
  return u_tolower(c);
}

// A run of letters: its code point range and its bare and lower-case forms.
struct Word {
  std::size_t begin, end;
  std::u32string bare, lower;
};

std::vector<Word> words_of(const Text& t) {
  std::vector<Word> words;
  for (std::size_t i = 0; i < t.cp.size();) {
    if (!u_isalpha(t.cp[i])) {
      ++i;
      continue;
    }
    Word w{i, i, {}, {}};
    while (i < t.cp.size() && u_isalpha(t.cp[i])) {
      w.bare += static_cast<char32_t>(bare_letter(t.cp[i]));
      w.lower += static_cast<char32_t>(u_tolower(t.cp[i]));
      ++i;
    }
    w.end = i;
    words.push_back(std::move(w));
  }
  return words;
}

enum class Keyword { bank, otp };

struct KeywordAt {
  Keyword kind;
  std::size_t begin, end;  // code points
};

// "STK", "số tài khoản", "số TK" (bank account); "OTP", "mã" (a code). "mã"
// must keep its mark: without it, "ma" is also "mà" (but), "má" (mother).
std::vector<KeywordAt> keywords_of(const std::vector<Word>& words) {
  std::vector<KeywordAt> found;
  auto bare_is = [&](std::size_t i, std::u32string_view s) { return i < words.size() && words[i].bare == s; };
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (bare_is(i, U"stk")) found.push_back({Keyword::bank, words[i].begin, words[i].end});
    else if (bare_is(i, U"so") && bare_is(i + 1, U"tai") && bare_is(i + 2, U"khoan"))
      found.push_back({Keyword::bank, words[i].begin, words[i + 2].end});
    else if (bare_is(i, U"so") && bare_is(i + 1, U"tk")) found.push_back({Keyword::bank, words[i].begin, words[i + 1].end});
    else if (bare_is(i, U"otp") || words[i].lower == U"m\u00e3")
      found.push_back({Keyword::otp, words[i].begin, words[i].end});
  }
  return found;
}

bool has_newline(const Text& t, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i)
    if (t.cp[i] == '\n') return true;
  return false;
}

bool near(const Text& t, const std::vector<KeywordAt>& keywords, Keyword kind, std::size_t begin, std::size_t end) {
  return std::any_of(keywords.begin(), keywords.end(), [&](const KeywordAt& k) {
    if (k.kind != kind) return false;
    if (k.end <= begin) return begin - k.end <= kNear && !has_newline(t, k.end, begin);
    if (end <= k.begin) return k.begin - end <= kNear && !has_newline(t, end, k.begin);
    return false;
  });
}

bool luhn(const std::string& digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool is_mobile_prefix(char c) { return c == '3' || c == '5' || c == '7' || c == '8' || c == '9'; }

// A run of digit groups with single separators between them, as written.
struct Candidate {
  std::size_t begin = 0;                            // code point where it starts (the "+84" when there is one)
  bool plus84 = false;                              // written "+84" or "(+84)" before the groups
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // code point ranges of the digit groups
  std::vector<UChar32> separators;                  // between group k and k+1
  bool left_free = true, right_free = true;         // nothing glued on either side
};

// Whether the character before position `i` lets a number start at `i`: not a
// letter or digit, '_', '@', nor part of a date or decimal ("1/7/2025", "1,5").
bool free_before(const Text& t, std::size_t i) {
  if (i == 0) return true;
  const UChar32 c = t.cp[i - 1];
  const bool after_digit = i >= 2 && is_digit(t.cp[i - 2]);
  if (u_isalnum(c) || c == '_' || c == '@' || c == '\\') return false;
  if ((c == '/' || c == ',' || c == '.' || c == ':') && after_digit) return false;
  return true;
}

bool free_after(const Text& t, std::size_t i) {
  if (i >= t.cp.size()) return true;
  const UChar32 c = t.cp[i];
  const bool digit_follows = i + 1 < t.cp.size() && is_digit(t.cp[i + 1]);
  if (u_isalnum(c) || c == '_' || c == '@' || c == '\\') return false;
  if ((c == '/' || c == ',' || c == ':') && digit_follows) return false;
  return true;
}

std::vector<Candidate> candidates_of(const Text& t) {
  std::vector<Candidate> out;
  const std::size_t n = t.cp.size();
  auto is = [&](std::size_t i, std::u32string_view s) {
    if (i + s.size() > n) return false;
    for (std::size_t k = 0; k < s.size(); ++k)
      if (t.cp[i + k] != static_cast<UChar32>(s[k])) return false;
    return true;
  };
  for (std::size_t i = 0; i < n;) {
    Candidate c;
    c.begin = i;
    std::size_t j = i;
    if (is(i, U"(+84)")) {
      c.plus84 = true;
      j = i + 5;
    } else if (is(i, U"+84")) {
      c.plus84 = true;
      j = i + 3;
    }
    if (c.plus84 && j < n && is_separator(t.cp[j]) && j + 1 < n && is_digit(t.cp[j + 1])) ++j;
    if (j >= n || !is_digit(t.cp[j]) || (!c.plus84 && !free_before(t, i))) {
      // Skip to the end of this run of digits so that its tail is not taken for a number.
      if (j < n && is_digit(t.cp[j])) {
        while (j < n && (is_digit(t.cp[j]) || (is_separator(t.cp[j]) && j + 1 < n && is_digit(t.cp[j + 1])))) ++j;
        i = j;
      } else {
        ++i;
      }
      continue;
    }
    c.left_free = c.plus84 || free_before(t, i);
    for (;;) {
      const std::size_t start = j;
      while (j < n && is_digit(t.cp[j])) ++j;
      c.groups.push_back({start, j});
      if (j + 1 < n && is_separator(t.cp[j]) && is_digit(t.cp[j + 1])) {
        c.separators.push_back(separator_kind(t.cp[j]));
        ++j;
        continue;
      }
      break;
    }
    c.right_free = free_after(t, j);
    out.push_back(std::move(c));
    i = j;
  }
  return out;
}

struct Classified {
  Kind kind;
  std::string value;
};

class Classifier {
 public:
  Classifier(const Text& t, const std::vector<KeywordAt>& keywords) : t_(t), keywords_(keywords) {}

  // What groups [a, b) of `c` are, if anything.
  std::optional<Kind> classify(const Candidate& c, std::size_t a, std::size_t b) const {
    std::string digits;
    std::vector<std::size_t> sizes;
    for (std::size_t k = a; k < b; ++k) {
      const auto [s, e] = c.groups[k];
      for (std::size_t i = s; i < e; ++i) digits += static_cast<char>(t_.cp[i]);
      sizes.push_back(e - s);
    }
    const std::size_t count = b - a, length = digits.size();
    const bool plus84 = c.plus84 && a == 0;
    bool same_separator = true;
    for (std::size_t k = a + 1; k + 1 < b; ++k) same_separator = same_separator && c.separators[k] == c.separators[a];
    const UChar32 separator = count > 1 ? c.separators[a] : 0;
    auto all_sizes = [&](std::size_t low, std::size_t high) {
      return std::all_of(sizes.begin(), sizes.end(), [&](std::size_t s) { return s >= low && s <= high; });
    };
    const std::size_t from = plus84 ? c.begin : c.groups[a].first, to = c.groups[b - 1].second;

    // A keyword nearby says what the digits are.
    if (!plus84 && length >= 6 && length <= 19 && (count == 1 || all_sizes(2, 19)) &&
        near(t_, keywords_, Keyword::bank, from, to))
      return Kind::bank_account;
    if (!plus84 && length >= 6 && length <= 8 && (count == 1 || (separator == ' ' && same_separator && all_sizes(2, 4))) &&
        near(t_, keywords_, Keyword::otp, from, to))
      return Kind::otp;

    // Phone numbers: 0 + 9 digits (mobile: 03, 05, 07, 08, 09) or 0 + 10
    // (landline: 02…), or the same after +84 / 84; groups of 2 to 4 digits.
    const bool phone_groups = count == 1 || (same_separator && all_sizes(1, 4) && (plus84 || all_sizes(2, 4)));
    if (plus84)
      return phone_groups && ((length == 9 && is_mobile_prefix(digits[0])) || (length == 10 && digits[0] == '2'))
                 ? std::optional(Kind::phone)
                 : std::nullopt;
    if (phone_groups && digits[0] == '0' &&
        ((length == 10 && is_mobile_prefix(digits[1])) || (length == 11 && digits[1] == '2')))
      return Kind::phone;
    if (count == 1 && digits.starts_with("84") &&
        ((length == 11 && is_mobile_prefix(digits[2])) || (length == 12 && digits[2] == '2')))
      return Kind::phone;

    // ID numbers: 12 digits (căn cước; grouped only when starting with 0, as
    // every province code does, in threes or fours), or 9 digits (CMND).
    if (length == 12 && (count == 1 || (digits[0] == '0' && count >= 3 && same_separator &&
                                        (separator == ' ' || separator == '.') &&
                                        (all_sizes(3, 3) || all_sizes(4, 4)))))
      return Kind::citizen_id;
    if (length == 9 && count == 1) return Kind::old_id;

    // Card numbers: 13 to 19 digits passing the Luhn check, written whole or
    // in fours (the last group shorter) or 4-6-5.
    if (length >= 13 && length <= 19 && luhn(digits)) {
      bool fours = same_separator && (separator == ' ' || separator == '-');
      for (std::size_t k = 0; fours && k + 1 < sizes.size(); ++k) fours = sizes[k] == 4;
      const bool amex = count == 3 && same_separator && sizes[0] == 4 && sizes[1] == 6 && sizes[2] == 5;
      if (count == 1 || (fours && sizes.back() >= 1 && sizes.back() <= 4) || amex) return Kind::card_number;
    }
    return std::nullopt;
  }

 private:
  const Text& t_;
  const std::vector<KeywordAt>& keywords_;
};

bool is_local_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-';
}
bool is_domain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// RFC 2606 and 6761: names that can be no one's address.
bool is_reserved_domain(const std::string& domain) {
  for (const char* name : {"example.com", "example.net", "example.org"})
    if (domain == name || domain.ends_with(std::string(".") + name)) return true;
  const std::string tld = domain.substr(domain.rfind('.') + 1);
  return tld == "test" || tld == "example" || tld == "invalid" || tld == "localhost";
}

void find_emails(std::string_view s, std::vector<Found>& out) {
  for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && is_local_char(s[begin - 1])) --begin;
    while (begin < at && (s[begin] == '.' || s[begin] == '-' || s[begin] == '+')) ++begin;
    std::size_t end = at + 1;
    while (end < s.size() && is_domain_char(s[end])) ++end;
    while (end > at + 1 && (s[end - 1] == '.' || s[end - 1] == '-')) --end;
    if (begin == at || s[at - 1] == '.' || end <= at + 1) continue;
    std::string domain;
    for (std::size_t i = at + 1; i < end; ++i) domain += lower(s[i]);
    const std::size_t dot = domain.rfind('.');
    if (dot == std::string::npos || domain.find("..") != std::string::npos || domain.front() == '.') continue;
    const std::string tld = domain.substr(dot + 1);
    if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), [](char c) { return c >= 'a' && c <= 'z'; })) continue;
    if (is_reserved_domain(domain)) continue;
    out.push_back({Kind::email, begin, end, allow_key(s.substr(begin, end - begin))});
  }
}

}  // namespace

const char* check_id(Kind kind) {
  switch (kind) {
    case Kind::citizen_id:
    case Kind::old_id: return "privacy-id-number";
    case Kind::phone: return "privacy-phone";
    case Kind::card_number: return "privacy-card-number";
    case Kind::bank_account: return "privacy-bank-account";
    case Kind::email: return "privacy-email";
    case Kind::otp: return "privacy-otp";
  }
  return "privacy";
}

const char* description(Kind kind) {
  switch (kind) {
    // TRANSLATORS: the {what} of "this looks like {what}, …" (privacy findings).
    case Kind::citizen_id: return hocso::_("a citizen ID number (căn cước, 12 digits)");
    case Kind::old_id: return hocso::_("an old ID card number (CMND, 9 digits)");
    case Kind::phone: return hocso::_("a phone number");
    case Kind::card_number: return hocso::_("a bank card number");
    case Kind::bank_account: return hocso::_("a bank account number");
    case Kind::email: return hocso::_("an e-mail address");
    case Kind::otp: return hocso::_("a one-time code (OTP)");
  }
  return hocso::_("personal data");
}

const char* placeholder(Kind kind) {
  switch (kind) {
    case Kind::citizen_id: return "0xx xxx xxx xxx";
    case Kind::old_id: return "xxx xxx xxx";
    case Kind::phone: return "0xx xxx xxxx";
    case Kind::card_number: return "xxxx xxxx xxxx xxxx";
    case Kind::bank_account: return "xxxx xxxx xxxx";
    case Kind::email: return "ten@example.com";
    case Kind::otp: return "xxxxxx";
  }
  return "x";
}

std::vector<Found> find_private_data(std::string_view text) {
  const Text t = decode(text);
  const std::vector<Word> words = words_of(t);
  const std::vector<KeywordAt> keywords = keywords_of(words);
  const Classifier classifier(t, keywords);
  std::vector<Found> found;
  for (const Candidate& c : candidates_of(t)) {
    const std::size_t n = c.groups.size();
    // The longest run of groups that is something, from the left; a run
    // starts or ends inside the candidate only at a space ("năm 2025 0912 345 678").
    for (std::size_t a = 0; a < n;) {
      std::size_t matched = 0;
      for (std::size_t b = n; b > a && !matched; --b) {
        if (a == 0 ? !c.left_free : c.separators[a - 1] != ' ') continue;
        if (b == n ? !c.right_free : c.separators[b - 1] != ' ') continue;
        if (auto kind = classifier.classify(c, a, b)) {
          const std::size_t from = (a == 0 && c.plus84) ? c.begin : c.groups[a].first;
          const std::size_t begin = t.at[from], end = t.at[c.groups[b - 1].second];
          found.push_back({*kind, begin, end, allow_key(text.substr(begin, end - begin))});
          matched = b;
        }
      }
      a = matched ? matched : a + 1;
    }
  }
  find_emails(text, found);
  std::stable_sort(found.begin(), found.end(), [](const Found& x, const Found& y) { return x.begin < y.begin; });
  return found;
}

std::string allow_key(std::string_view written) {
  std::string_view s = written;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.find('@') != std::string_view::npos) {
    std::string key;
    for (char c : s) key += lower(c);
    return key;
  }
  std::string digits;
  for (char c : s)
    if (c >= '0' && c <= '9') digits += c;
  // +84 912 345 678 and 0912 345 678 are one number.
  if (digits.starts_with("84") && ((digits.size() == 11 && is_mobile_prefix(digits[2])) ||
                                   (digits.size() == 12 && digits[2] == '2')))
    return "0" + digits.substr(2);
  return digits;
}

std::string masked(Kind kind, std::string_view written) {
  if (kind == Kind::email) {
    const std::size_t at = written.find('@');
    if (at == std::string_view::npos || at == 0) return std::string(written);
    return std::string(written.substr(0, 1)) + "•••" + std::string(written.substr(at));
  }
  const auto digits = static_cast<std::size_t>(std::count_if(written.begin(), written.end(), [](char c) {
    return c >= '0' && c <= '9';
  }));
  const std::size_t keep = digits >= 9 ? 2 : digits >= 6 ? 1 : 0;
  std::string out;
  std::size_t seen = 0;
  for (char c : written) {
    if (c >= '0' && c <= '9') {
      out += (seen < keep || seen >= digits - keep) ? std::string(1, c) : std::string("•");
      ++seen;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace validate_privacy
