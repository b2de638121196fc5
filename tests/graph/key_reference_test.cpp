// graph::NormalizeKey (one table-driven pass, used by the extractor for every candidate name and
// by the store for every entity and alias) must give the key its specification describes,
// byte for byte: `ReferenceKey` below is that specification written step by step, as plainly as
// possible (curly quotes and dashes folded, ASCII lower-cased, possessive 's dropped,
// punctuation and '-' to spaces, whitespace collapsed, one leading "the " stripped). Fixed
// awkward cases, then many seeded random strings over an alphabet of the bytes and sequences the
// normalisation treats specially; NormalizeKeyInto must agree when its buffer is reused.
#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "accord/graph/text_key.hpp"

namespace {

std::string ReferenceKey(std::string_view text) {
  std::string folded;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto c3 = static_cast<unsigned char>(text[i + 2]);
      const char repl = (c3 == 0x98 || c3 == 0x99)   ? '\''
                        : (c3 == 0x9C || c3 == 0x9D) ? '"'
                        : (c3 == 0x93 || c3 == 0x94) ? '-'
                                                     : 0;
      if (repl != 0) {
        folded.push_back(repl);
        i += 2;
        continue;
      }
    }
    folded.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
  }
  const std::string separators = " \t\n\r\f\v\"'`.,;:()[]{}!?-";
  auto word = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < folded.size(); ++i) {
    const auto c = static_cast<unsigned char>(folded[i]);
    if (c == '\'' && i + 1 < folded.size() && folded[i + 1] == 's' &&
        (i + 2 == folded.size() || !word(static_cast<unsigned char>(folded[i + 2])))) {
      ++i;
      continue;
    }
    if (separators.find(static_cast<char>(c)) != std::string::npos) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  if (out.size() > 4 && out.compare(0, 4, "the ") == 0) out.erase(0, 4);
  return out;
}

using accord::graph::NormalizeKey;

TEST(NormalizeKeyReference, MatchesTheSpecificationOnAwkwardCases) {
  const std::vector<std::string> cases = {
      "", " ", "the", "the ", "The ", "the the", "THE  China", "The China\xE2\x80\x99s  \xE2\x80\x9C" "Action Plan\xE2\x80\x9D",
      "'s", "x's", "x'sy", "x's-y", "China's", "China\xE2\x80\x99s", "a's'", "''s", "'", "\xE2\x80", "\xE2\x80\x93",
      "e.g.", "P.R. China", "  leading and trailing  ", "tabs\tand\nnewlines\r\f\v", "[brackets] {braces} (parens)",
      "semi;colon:comma,dot.", "hy-phen \xE2\x80\x94 dash", "\xC3\x81lvaro \xC5\x81\xC3\xB3" "d\xC5\xBA", "under_score",
      "back`tick", "q?!", "\xE2\x80\x98quoted\xE2\x80\x99", "123 456", "a\xE2\x80\x99s\xE2\x80\x99s", "the-the",
      "x\xE2\x80\x99", "x\xE2\x80\x99s", "thesis", "the\xC2\xA0" "x"};
  for (const auto& c : cases) EXPECT_EQ(NormalizeKey(c), ReferenceKey(c)) << "input: " << c;
}

TEST(NormalizeKeyReference, MatchesTheSpecificationOnRandomStrings) {
  const std::vector<std::string> alphabet = {
      "a", "s", "S", "T", "t", "h", "e", "H", "E", "Z", "0", "_", " ", "  ", "\t", "\n", "'", "\"", "`", ".", ",",
      ";", ":", "(", ")", "[", "]", "{", "}", "!", "?", "-", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
      "\xE2\x80\x9D", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\xA2", "\xE2\x80", "\xE2", "\xC3\xA9", "the ", "'s"};
  std::mt19937 rng(20261130);
  std::string reused;  // NormalizeKeyInto's buffer, kept across inputs
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
    ASSERT_EQ(NormalizeKey(s), ReferenceKey(s)) << "input: " << s;
    accord::graph::NormalizeKeyInto(s, &reused);
    ASSERT_EQ(reused, ReferenceKey(s)) << "input: " << s;
  }
  // a long input grows the scratch buffer past its first size
  std::string long_text(5000, 'A');
  long_text += "\xE2\x80\x99s end";
  EXPECT_EQ(NormalizeKey(long_text), ReferenceKey(long_text));
}

}  // namespace
