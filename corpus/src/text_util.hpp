// Small UTF-8 helpers shared by the tokenizer and the extractor (private to accord_corpus).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace accord::corpus {

// Decodes the code point at `pos`; sets *len to its byte length (1 for an invalid byte, 0 at
// the end). Input is validated UTF-8 by the reader, so the invalid path is only a guard.
inline char32_t DecodeUtf8(std::string_view s, uint32_t pos, uint32_t* len) {
  if (pos >= s.size()) {
    *len = 0;
    return 0;
  }
  unsigned char c = static_cast<unsigned char>(s[pos]);
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  int n = (c >= 0xF0) ? 4 : (c >= 0xE0) ? 3 : (c >= 0xC0) ? 2 : 1;
  if (n == 1 || pos + n > s.size()) {
    *len = 1;
    return 0xFFFD;
  }
  char32_t cp = c & (0x7F >> n);
  for (int i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  *len = static_cast<uint32_t>(n);
  return cp;
}

// Folds curly quotes, primes and dashes to ASCII, NBSP to a space; keeps everything else.
inline std::string FoldPunctuation(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (uint32_t i = 0; i < s.size();) {
    uint32_t len = 0;
    char32_t c = DecodeUtf8(s, i, &len);
    switch (c) {
      case 0x2018: case 0x2019: case 0x201A: case 0x2032: out += '\''; break;
      case 0x201C: case 0x201D: case 0x201E: case 0x2033: out += '"'; break;
      case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: out += '-'; break;
      case 0xA0: case 0x202F: out += ' '; break;
      default: out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

}  // namespace accord::corpus
