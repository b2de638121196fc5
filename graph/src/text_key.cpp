// NormalizeKey: the matching key under which two surface forms name the same thing. Mirrors
// norm() in shared/tools/score-extraction (curly quotes and dashes folded, ASCII lower-cased,
// possessive 's dropped, punctuation and '-' to spaces, whitespace collapsed, one leading "the "
// stripped). Non-ASCII bytes are kept as they are.
#include "accord/graph/text_key.hpp"

#include <cstdint>
#include <cstring>

namespace accord::graph {
namespace {

// Byte tables: ASCII lower-casing, word bytes (for the possessive's end), and what each byte
// becomes in a key (kept, a word break, or an apostrophe that may start a possessive 's).
enum KeyClass : uint8_t { kKeep, kSeparator, kApostrophe };
struct KeyTables {
  char lower[256];
  bool word[256];
  uint8_t cls[256];
  constexpr KeyTables() : lower(), word(), cls() {
    for (int c = 0; c < 256; ++c) {
      lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      word[c] = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                c == '_' || c >= 0x80;
      cls[c] = kKeep;
    }
    for (unsigned char c : std::string_view(" \t\n\r\f\v\"`.,;:()[]{}!?-")) cls[c] = kSeparator;
    cls[static_cast<unsigned char>('\'')] = kApostrophe;
  }
};
constexpr KeyTables kKey;

// Steps 2-3 over t[0, n) (curly quotes and dashes already folded), lower-casing as it goes;
// writes at most n bytes to `o` and returns how many.
size_t KeyPass(const unsigned char* t, size_t n, char* o) {
  size_t m = 0;
  bool pending_space = false;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = t[i];
    const uint8_t cls = kKey.cls[c];
    if (cls == kKeep) {
      if (pending_space && m > 0) o[m++] = ' ';
      pending_space = false;
      o[m++] = kKey.lower[c];
      continue;
    }
    if (cls == kApostrophe && i + 1 < n && kKey.lower[t[i + 1]] == 's' &&
        (i + 2 == n || !kKey.word[t[i + 2]])) {
      ++i;  // skip "'s"
      continue;
    }
    pending_space = true;  // a separator (an apostrophe not of "'s" too)
  }
  return m;
}

}  // namespace

void NormalizeKeyInto(std::string_view text, std::string* out) {
  const auto* t = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size();
  // 1. Fold curly quotes and en/em dashes to ASCII (only when the text can hold one).
  thread_local std::string folded;
  if (n > 0 && std::memchr(t, 0xE2, n) != nullptr) {
    folded.resize(n);
    size_t k = 0;
    for (size_t i = 0; i < n; ++i) {
      if (t[i] == 0xE2 && i + 2 < n && t[i + 1] == 0x80) {
        const unsigned char c3 = t[i + 2];
        char repl = 0;
        if (c3 == 0x98 || c3 == 0x99) repl = '\'';
        else if (c3 == 0x9C || c3 == 0x9D) repl = '"';
        else if (c3 == 0x93 || c3 == 0x94) repl = '-';
        if (repl != 0) {
          folded[k++] = repl;
          i += 2;
          continue;
        }
      }
      folded[k++] = static_cast<char>(t[i]);
    }
    t = reinterpret_cast<const unsigned char*>(folded.data());
    n = k;
  }
  // 2. Drop possessive 's at a word end, 3. punctuation to spaces, collapse whitespace, trim.
  out->resize_and_overwrite(n, [&](char* o, size_t) { return KeyPass(t, n, o); });
  // 4. One leading "the ".
  if (out->size() > 4 && out->compare(0, 4, "the ") == 0) out->erase(0, 4);
}

std::string NormalizeKey(std::string_view text) {
  std::string out;
  NormalizeKeyInto(text, &out);
  return out;
}

}  // namespace accord::graph
