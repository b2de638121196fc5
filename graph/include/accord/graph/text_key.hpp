// Matching keys for names: the normalisation under which two surface forms name the same thing
// (case, curly quotes, dashes, a leading "the", possessive 's, punctuation, whitespace).
// Display text is never rewritten; keys are only compared.
#pragma once

#include <string>
#include <string_view>

namespace accord::graph {

// NormalizeKey("The China’s  “Action Plan”") == "china action plan". O(n) in the input bytes.
// Non-ASCII letters are kept as they are (byte-wise), ASCII letters are lower-cased.
// One table-driven pass (two when the text holds a curly quote or dash).
std::string NormalizeKey(std::string_view text);
// The same key written into *out, reusing its capacity (for hot loops); `text` must not view
// *out.
void NormalizeKeyInto(std::string_view text, std::string* out);

}  // namespace accord::graph
