#pragma once
// Shortening text for messages and lists without breaking it: never inside a
// UTF-8 sequence, a grapheme cluster (a letter with its combining marks, e.g.
// Mường's U+0312) or a Tai Viet syllable (written in visual order: a vowel
// such as U+AAB9 stands before the consonant it follows in speech, so a cut
// right after it would leave half a syllable).

#include <cstddef>
#include <string>
#include <string_view>

namespace hocso {

// `text` when it has at most `max_bytes` bytes; otherwise its longest prefix of
// at most `max_bytes` bytes that ends at a word boundary (or, in a single long
// word, at a grapheme boundary not after a Tai Viet pre-posed vowel), then "…".
std::string shorten_text(std::string_view text, std::size_t max_bytes);

}  // namespace hocso
