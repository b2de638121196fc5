// Helpers shared by the corpus tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string_view>

#include "accord/corpus/rules.hpp"

namespace accord::corpus::testing {

// The default rules, loaded once.
inline std::shared_ptr<const Rules> DefaultRules() {
  static std::shared_ptr<const Rules> rules = [] {
    auto r = LoadDefaultRules();
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : nullptr;
  }();
  return rules;
}

// Governance statements, each line one self-contained sentence (no "the Plan" pointing back).
inline constexpr std::string_view kStatements =
    "The OECD adopted the OECD AI Principles in May 2019 in Paris.\n"
    "The United Kingdom hosted the AI Safety Summit at Bletchley Park, where 28 countries endorsed "
    "the Bletchley Declaration.\n"
    "China released the Global AI Governance Action Plan at the World Artificial Intelligence "
    "Conference (WAIC) in Shanghai.\n"
    "The Council of Europe adopted the Framework Convention on Artificial Intelligence in 2024.\n"
    "UNESCO adopted the Recommendation on the Ethics of Artificial Intelligence in November 2021.\n"
    "Pakistan approved the National AI Policy 2025, which builds on the Digital Pakistan Policy.\n";

}  // namespace accord::corpus::testing
