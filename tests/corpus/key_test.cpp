// NormalizeKeyFast (the extractor's key function) must give graph::NormalizeKey's key byte
// for byte: fixed awkward cases, then many seeded random strings over an alphabet of the bytes
// and sequences the normalisation treats specially.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "accord/corpus/text.hpp"
#include "accord/graph/text_key.hpp"

namespace {

using accord::corpus::NormalizeKeyFast;
using accord::graph::NormalizeKey;

TEST(NormalizeKeyFast, MatchesNormalizeKeyOnAwkwardCases) {
  const std::vector<std::string> cases = {
      "", " ", "the", "the ", "The ", "the the", "THE  China", "The China\xE2\x80\x99s  \xE2\x80\x9C" "Action Plan\xE2\x80\x9D",
      "'s", "x's", "x'sy", "x's-y", "China's", "China\xE2\x80\x99s", "a's'", "''s", "'", "\xE2\x80", "\xE2\x80\x93",
      "e.g.", "P.R. China", "  leading and trailing  ", "tabs\tand\nnewlines\r\f\v", "[brackets] {braces} (parens)",
      "semi;colon:comma,dot.", "hy-phen \xE2\x80\x94 dash", "\xC3\x81lvaro \xC5\x81\xC3\xB3" "d\xC5\xBA", "under_score",
      "back`tick", "q?!", "\xE2\x80\x98quoted\xE2\x80\x99", "123 456", "a\xE2\x80\x99s\xE2\x80\x99s", "the-the",
      "x\xE2\x80\x99", "x\xE2\x80\x99s", "thesis", "the\xC2\xA0" "x"};
  for (const auto& c : cases) EXPECT_EQ(NormalizeKeyFast(c), NormalizeKey(c)) << "input: " << c;
}

TEST(NormalizeKeyFast, MatchesNormalizeKeyOnRandomStrings) {
  const std::vector<std::string> alphabet = {
      "a", "s", "S", "T", "t", "h", "e", "H", "E", "Z", "0", "_", " ", "  ", "\t", "\n", "'", "\"", "`", ".", ",",
      ";", ":", "(", ")", "[", "]", "{", "}", "!", "?", "-", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C",
      "\xE2\x80\x9D", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\xA2", "\xE2\x80", "\xE2", "\xC3\xA9", "the ", "'s"};
  std::mt19937 rng(20261130);
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) s += alphabet[rng() % alphabet.size()];
    ASSERT_EQ(NormalizeKeyFast(s), NormalizeKey(s)) << "input: " << s;
  }
  // a long input grows the scratch buffer past its first size
  std::string long_text(5000, 'A');
  long_text += "\xE2\x80\x99s end";
  EXPECT_EQ(NormalizeKeyFast(long_text), NormalizeKey(long_text));
}

}  // namespace
