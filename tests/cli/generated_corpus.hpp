// A seeded generator of governance-style Markdown documents for tests that need many files
// (SIGKILL during ingest, the explorer reading while another process ingests). Each document
// has front matter, a heading and a few sentences naming organizations, countries, cities,
// instruments and years the extractor recognises, so every document adds mentions and
// relations. The same seed always gives the same bytes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace accord::testing {

// Sentences naming organizations, countries, cities, instruments and years, one per line,
// about `country`, `theme` and `plan`; `rng` drives the choices.
inline std::string GenerateSentences(std::mt19937& rng, int sentences, const std::string& country,
                                     const std::string& theme, const std::string& plan) {
  static const std::vector<std::string> orgs = {
      "the OECD", "UNESCO", "the United Nations", "the European Union", "the G7", "the G20",
      "NIST", "the Council of Europe", "the African Union", "the World Bank",
      "the International Telecommunication Union", "the Global Partnership on AI"};
  static const std::vector<std::string> countries = {
      "China", "Pakistan", "France", "Kenya", "Brazil", "Japan", "India", "Canada",
      "the United Kingdom", "the United States", "Germany", "Singapore", "Chile", "Nigeria"};
  static const std::vector<std::string> cities = {"Paris", "Shanghai", "Seoul", "Geneva",
                                                  "Hiroshima", "Nairobi", "Osaka", "Vilnius"};
  static const std::vector<std::string> instruments = {
      "the Bletchley Declaration", "the Global AI Governance Action Plan",
      "the Hiroshima AI Process", "the Seoul Declaration", "the OECD AI Principles",
      "the Recommendation on the Ethics of Artificial Intelligence", "the Global Digital Compact",
      "the Framework Convention on Artificial Intelligence"};
  static const char* const months[] = {"January", "March", "May", "July", "September",
                                       "November"};
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& {
    return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
  };
  auto cap = [](std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  };
  std::string text;
  for (int k = 0; k < sentences; ++k) {
    const int year = std::uniform_int_distribution<int>(2016, 2025)(rng);
    const std::string month = months[std::uniform_int_distribution<int>(0, 5)(rng)];
    switch (std::uniform_int_distribution<int>(0, 6)(rng)) {
      case 0:
        text += cap(pick(orgs)) + " adopted " + pick(instruments) + " in " + pick(cities) +
                " in " + month + " " + std::to_string(year) + ".\n";
        break;
      case 1:
        text += cap(pick(countries)) + " and " + pick(countries) + " endorsed " +
                pick(instruments) + ".\n";
        break;
      case 2:
        text += cap(country) + " hosted the AI " + theme + " Summit in " + pick(cities) + " in " +
                std::to_string(year) + ".\n";
        break;
      case 3:
        text += cap(country) + " published the " + plan + ", which builds on " +
                pick(instruments) + ".\n";
        break;
      case 4:
        text += "The " + plan + " includes three pillars: " + theme +
                " data, public compute and skills.\n";
        break;
      case 5:
        text += cap(pick(orgs)) + " proposed the " + theme + " AI Initiative at the summit in " +
                pick(cities) + ".\n";
        break;
      default:
        text += "Officials from " + pick(countries) + " met " + pick(orgs) + " in " +
                pick(cities) + " to discuss " + pick(instruments) + ".\n";
    }
  }
  return text;
}

inline const std::vector<std::string>& GeneratedCountries() {
  static const std::vector<std::string> v = {"China", "Pakistan", "France", "Kenya", "Brazil",
                                             "Japan", "India", "Canada", "Germany", "Chile"};
  return v;
}

// Writes `count` documents doc_0000.md … into `dir` (created); returns their paths, sorted.
// Each has front matter, a heading and min..max sentences.
inline std::vector<std::filesystem::path> GenerateCorpus(const std::filesystem::path& dir,
                                                         int count, uint32_t seed,
                                                         int min_sentences = 4,
                                                         int max_sentences = 9) {
  static const std::vector<std::string> themes = {"Safety", "Health", "Education", "Climate",
                                                  "Agriculture", "Finance", "Transport"};
  std::mt19937 rng(seed);
  std::filesystem::create_directories(dir);
  std::vector<std::filesystem::path> paths;
  for (int i = 0; i < count; ++i) {
    const auto& countries = GeneratedCountries();
    const std::string country =
        countries[std::uniform_int_distribution<size_t>(0, countries.size() - 1)(rng)];
    const std::string theme =
        themes[std::uniform_int_distribution<size_t>(0, themes.size() - 1)(rng)];
    const std::string plan = "National " + theme + " AI Plan " + std::to_string(2020 + i % 9);
    const int sentences = std::uniform_int_distribution<int>(min_sentences, max_sentences)(rng);
    const std::string text = "---\ntitle: " + country + " " + plan + "\n---\n# " + plan + "\n" +
                             GenerateSentences(rng, sentences, country, theme, plan);
    char name[32];
    std::snprintf(name, sizeof name, "doc_%04d.md", i);
    const std::filesystem::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    paths.push_back(p);
  }
  return paths;
}

}  // namespace accord::testing
