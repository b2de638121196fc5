// Extraction rules: the gazetteer (countries and subdivisions from Debian's iso-codes plus a
// curated lexicon of bodies, instruments, places, people, sectors and technologies), head nouns
// that type capitalised phrases, titles (roles), demonyms, connector words, list cues, Hearst
// cues and the verb -> relation table. Shipped as corpus/rules/default.json (embedded in the
// program at build time); `--rules FILE` extends it, or replaces it when the file says
// "replace": true.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accord/graph/result.hpp"

namespace accord::corpus {

struct Rules;  // defined in the extractor; opaque here

// The compiled default rules (embedded JSON plus iso-codes from `iso_codes_dir`, when present).
graph::Result<std::shared_ptr<const Rules>> LoadDefaultRules();

// Default rules, then the user's file layered on top (or instead, when it says "replace").
// Errors name the file with line and column.
graph::Result<std::shared_ptr<const Rules>> LoadRules(const std::filesystem::path& user_file);

// Parses rules from JSON text (`source` names it in messages), layered over `base` (may be
// null).
graph::Result<std::shared_ptr<const Rules>> ParseRules(std::string_view json,
                                                       std::string_view source,
                                                       std::shared_ptr<const Rules> base);

// The embedded default rules JSON text.
std::string_view DefaultRulesJson();

}  // namespace accord::corpus
