// Tests for NormalizeKey: the matching key shared with the scorer's norm().
#include "accord/graph/text_key.hpp"

#include <gtest/gtest.h>

using accord::graph::NormalizeKey;

TEST(TextKey, HeaderExampleFoldsQuotesPossessiveAndLeadingThe) {
  EXPECT_EQ(NormalizeKey("The China\u2019s  \u201cAction Plan\u201d"), "china action plan");
}

TEST(TextKey, LowerCasesAsciiAndKeepsNonAscii) {
  EXPECT_EQ(NormalizeKey("Commission Nationale de l'Informatique"),
            "commission nationale de l informatique");
  EXPECT_EQ(NormalizeKey("CAF\xC3\x89 Ü"), "caf\xC3\x89 Ü");
}

TEST(TextKey, DashesAndPunctuationBecomeSpaces) {
  EXPECT_EQ(NormalizeKey("Hiroshima AI Process \u2013 Code (2023)."), "hiroshima ai process code 2023");
  EXPECT_EQ(NormalizeKey("U.S. AI-Safety"), "u s ai safety");
}

TEST(TextKey, PossessiveOnlyAtWordEnd) {
  EXPECT_EQ(NormalizeKey("OpenAI's"), "openai");
  EXPECT_EQ(NormalizeKey("it'sy"), "it sy");
}

TEST(TextKey, StripsOnlyOneLeadingThe) {
  EXPECT_EQ(NormalizeKey("the the plan"), "the plan");
  EXPECT_EQ(NormalizeKey("The"), "the");
  EXPECT_EQ(NormalizeKey("  Theory  "), "theory");
  EXPECT_EQ(NormalizeKey(""), "");
  EXPECT_EQ(NormalizeKey(" ?! "), "");
}
