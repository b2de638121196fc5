// NormalizeKey: the matching key under which two surface forms name the same thing. Mirrors
// norm() in shared/tools/score-extraction (curly quotes and dashes folded, ASCII lower-cased,
// possessive 's dropped, punctuation and '-' to spaces, whitespace collapsed, one leading "the "
// stripped). Non-ASCII bytes are kept as they are.
#include "accord/graph/text_key.hpp"

namespace accord::graph {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '_' || c >= 0x80;
}

bool IsSpaceByte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsPunctByte(unsigned char c) {
  switch (c) {
    case '"': case '\'': case '`': case '.': case ',': case ';': case ':': case '(':
    case ')': case '[': case ']': case '{': case '}': case '!': case '?': case '-':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string NormalizeKey(std::string_view text) {
  // 1. Fold curly quotes and en/em dashes to ASCII, lower-case ASCII letters.
  std::string folded;
  folded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto c3 = static_cast<unsigned char>(text[i + 2]);
      char repl = 0;
      if (c3 == 0x98 || c3 == 0x99) repl = '\'';
      else if (c3 == 0x9C || c3 == 0x9D) repl = '"';
      else if (c3 == 0x93 || c3 == 0x94) repl = '-';
      if (repl != 0) {
        folded.push_back(repl);
        i += 2;
        continue;
      }
    }
    folded.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a')
                                             : static_cast<char>(c));
  }
  // 2. Drop possessive 's at a word end, 3. punctuation to spaces, collapse whitespace, trim.
  std::string out;
  out.reserve(folded.size());
  bool pending_space = false;
  for (size_t i = 0; i < folded.size(); ++i) {
    auto c = static_cast<unsigned char>(folded[i]);
    if (c == '\'' && i + 1 < folded.size() && folded[i + 1] == 's' &&
        (i + 2 == folded.size() || !IsWordByte(static_cast<unsigned char>(folded[i + 2])))) {
      ++i;  // skip "'s"
      continue;
    }
    if (IsSpaceByte(c) || IsPunctByte(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  // 4. One leading "the ".
  if (out.size() > 4 && out.compare(0, 4, "the ") == 0) out.erase(0, 4);
  return out;
}

}  // namespace accord::graph
