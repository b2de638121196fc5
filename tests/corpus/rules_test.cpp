// Extraction rules: the embedded defaults load, a user file extends them (new gazetteer names,
// verbs) or replaces them ("replace": true), and a broken file is refused with its line and
// column.
#include "accord/corpus/rules.hpp"

#include <gtest/gtest.h>

#include <string>

#include "accord/corpus/document.hpp"
#include "accord/corpus/extractor.hpp"

namespace accord::corpus {
namespace {

graph::DocumentRec ExtractWith(const std::string& text, const Rules& rules) {
  auto doc = ParseDocument("/rules/case.txt", text);
  EXPECT_TRUE(doc.has_value());
  return Extract(*doc, rules);
}

bool HasEntity(const graph::DocumentRec& rec, const std::string& name, const std::string& type) {
  for (const auto& e : rec.entities)
    if (e.name == name && e.type == type) return true;
  return false;
}

TEST(Rules, DefaultsLoadAndKnowTheCountriesOfIsoCodes) {
  auto rules = LoadDefaultRules();
  ASSERT_TRUE(rules.has_value()) << rules.error().message;
  auto rec = ExtractWith("Delegates from Burkina Faso and Uruguay met.", **rules);
  EXPECT_TRUE(HasEntity(rec, "Burkina Faso", "country"));
  EXPECT_TRUE(HasEntity(rec, "Uruguay", "country"));
}

TEST(Rules, UserFileExtendsTheDefaults) {
  auto base = LoadDefaultRules();
  ASSERT_TRUE(base.has_value());
  const std::string user = R"({"gazetteer": [{"name": "Zorblax Quintet", "type": "organization"}],
                               "verbs": [{"phrase": "champion", "type": "supports"}]})";
  auto rules = ParseRules(user, "user.json", *base);
  ASSERT_TRUE(rules.has_value()) << rules.error().message;
  auto rec = ExtractWith("The Zorblax Quintet champions the Global Digital Compact.", **rules);
  EXPECT_TRUE(HasEntity(rec, "Zorblax Quintet", "organization"));
  EXPECT_TRUE(HasEntity(rec, "Global Digital Compact", "policy"));  // still from the defaults
  bool supports = false;
  for (const auto& r : rec.relations) supports |= r.type == "supports";
  EXPECT_TRUE(supports);
  // the defaults alone do not know the new name
  auto plain = ExtractWith("The Zorblax Quintet champions the Global Digital Compact.", **base);
  EXPECT_FALSE(HasEntity(plain, "Zorblax Quintet", "organization"));
}

TEST(Rules, ReplaceStartsFromNothing) {
  const std::string user = R"({"replace": true, "types": ["organization"],
                               "gazetteer": [{"name": "Zorblax Quintet", "type": "organization"}]})";
  auto rules = ParseRules(user, "user.json", *LoadDefaultRules());
  ASSERT_TRUE(rules.has_value()) << rules.error().message;
  auto rec = ExtractWith("The Zorblax Quintet met China in Paris.", **rules);
  EXPECT_TRUE(HasEntity(rec, "Zorblax Quintet", "organization"));
  EXPECT_FALSE(HasEntity(rec, "China", "country"));
}

TEST(Rules, SyntaxErrorsNameTheFileLineAndColumn) {
  auto rules = ParseRules("{\n  \"gazetteer\": [\n    {\"name\": \"X\",}\n  ]\n}", "my-rules.json", nullptr);
  ASSERT_FALSE(rules.has_value());
  EXPECT_EQ(rules.error().code, graph::ErrorCode::kParse);
  EXPECT_NE(rules.error().message.find("my-rules.json:3:"), std::string::npos) << rules.error().message;
}

TEST(Rules, UnknownTypesAreRefused) {
  auto rules = ParseRules(R"({"gazetteer": [{"name": "X Corp", "type": "spaceship"}]})", "r.json", *LoadDefaultRules());
  ASSERT_FALSE(rules.has_value());
  EXPECT_EQ(rules.error().code, graph::ErrorCode::kInvalid);
  EXPECT_NE(rules.error().message.find("spaceship"), std::string::npos);
}

TEST(Rules, MissingUserFileIsAnIoError) {
  auto rules = LoadRules("/nonexistent/rules.json");
  ASSERT_FALSE(rules.has_value());
  EXPECT_EQ(rules.error().code, graph::ErrorCode::kIo);
  EXPECT_NE(rules.error().message.find("/nonexistent/rules.json"), std::string::npos);
}

}  // namespace
}  // namespace accord::corpus
