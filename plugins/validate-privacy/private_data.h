#pragma once
// What personal data looks like in Vietnamese text: citizen ID numbers,
// phone numbers, bank card and account numbers, e-mail addresses and one-time
// codes. The same rules read lesson text, catalogs and what OCR recognised in
// pictures. Each rule says what it is for; none is loosened for a corpus.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace validate_privacy {

enum class Kind {
  citizen_id,    // căn cước (CCCD): 12 digits
  old_id,        // chứng minh nhân dân (CMND): 9 digits
  phone,         // 0… (10 digits mobile, 11 landline) or +84…, grouped by spaces, dots or hyphens
  card_number,   // 13-19 digits that pass the Luhn check
  bank_account,  // 6-19 digits near "STK" or "số tài khoản"
  email,         // name@domain.tld
  otp,           // 6-8 digits near "OTP" or "mã"
};

struct Found {
  Kind kind = Kind::phone;
  std::size_t begin = 0, end = 0;  // byte offsets of what was found in the text
  std::string value;               // normalized (allow_key()): digits, phones as 0…; e-mails in lower case
};

// "privacy-id-number", "privacy-phone", ...
const char* check_id(Kind kind);

// "a phone number", ... (for "looks like …").
const char* description(Kind kind);

// A made-up stand-in a writer can use instead ("0xx xxx xxxx").
const char* placeholder(Kind kind);

// Every piece of personal data in `text` (UTF-8, NFC), in text order. A number
// glued to letters, to '/' (dates, paths) or to '@' (an e-mail's part) is not
// one; an address at a reserved example domain (example.com, .test, .invalid,
// .example, .localhost; RFC 2606 and 6761) belongs to no one and is not found.
std::vector<Found> find_private_data(std::string_view text);

// How an allow-list entry (or a found value) compares: an entry with '@' is an
// e-mail address in lower case; otherwise its digits, with a +84/84 phone
// number written as 0…; "" when it has neither.
std::string allow_key(std::string_view written);

// `written` (what was found, as written) with most digits shown as '•' (the
// first and last two of 9 or more digits kept, one each of 6 to 8, none of
// fewer), or an e-mail address as its first letter, "•••" and its domain:
// messages end up in CI logs.
std::string masked(Kind kind, std::string_view written);

}  // namespace validate_privacy
