// The compiled form of the extraction rules (private to accord_corpus). Built from the JSON
// layers by rules.cpp, read by the extractor. Every lookup key is lower-case with ASCII quotes
// and dashes (Token::lower), multi-word phrases joined by single spaces.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "accord/corpus/rules.hpp"

namespace accord::corpus {

// Hashing for string-keyed tables looked up with string_view (no key string built per probe).
struct StrHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StrMap = std::unordered_map<std::string, V, StrHash, std::equal_to<>>;
using StrSet = std::unordered_set<std::string, StrHash, std::equal_to<>>;

// How a gazetteer phrase must be written in the text to match.
enum class CaseRule : uint8_t {
  kAny,    // any case ("agriculture", "Big Data")
  kCap,    // first word capitalised ("China", not "china")
  kExact,  // exactly as listed ("AI", "IT", "WHO")
};

struct GazEntry {
  std::string name;  // canonical name
  std::string type;
  bool local = false;
};

struct GazForm {
  uint32_t entry = 0;
  CaseRule rule = CaseRule::kCap;
  std::string exact;  // the form as listed (for kExact), folded punctuation
};

struct VerbRule {
  std::vector<std::vector<std::string>> words;  // per phrase word: its accepted forms
  std::string type;                             // relation type
  bool reverse = false;                         // object -> subject (e.g. "is hosted by")
  std::vector<std::string> object_types;        // empty: any named type
  std::vector<std::string> subject_types;       // empty: any named type
};

// Word classes: which of the rules' word tables a (lower-case) word is in, so the extractor
// looks each token up once instead of once per table.
enum WordClass : uint32_t {
  kWConnectors = 1u << 0,
  kWConnectorDeterminers = 1u << 1,
  kWSentenceStarters = 1u << 2,
  kWPrepositions = 1u << 3,
  kWAdverbs = 1u << 4,
  kWModifiers = 1u << 5,
  kWClauseVerbs = 1u << 6,
  kWListVerbs = 1u << 7,
  kWActionVerbs = 1u << 8,
  kWMonths = 1u << 9,
  kWOrgCues = 1u << 10,
  kWCommonWords = 1u << 11,
  kWDemonyms = 1u << 12,
  kWHeadNouns = 1u << 13,
  kWListCues = 1u << 14,
  kWDefiniteHeads = 1u << 15,
  kWPurposeNouns = 1u << 16,
  kWOrdinals = 1u << 17,
  kWNumerals = 1u << 18,
  kWHearstHeads = 1u << 19,
  kWVerbIndex = 1u << 20,
  kWTitleStart = 1u << 21,  // first word of a title
  kWListCueLast = 1u << 22, // last word of a multi-word list cue ("policy areas")
  kWHearstFirst = 1u << 23, // first word of a Hearst cue ("such", "including")
  kWQuoteCueFirst = 1u << 24,
  kWHeadFirst = 1u << 25,   // first word of a multi-word head noun ("member states")
};

struct LexiconEntry {
  uint32_t word_id = 0xFFFFFFFFu;  // gazetteer vocabulary id
  uint32_t classes = 0;            // WordClass bits
};

// A read-only open-addressing table from word to LexiconEntry: one probe is a hash of the
// word's bytes (8 at a time), then a linear scan of slots that compares stored hashes first.
// Built once from Rules::lexicon (rules.cpp Reindex); the extractor looks up every token.
class WordTable {
 public:
  void Build(const StrMap<LexiconEntry>& words);
  const LexiconEntry* Find(std::string_view w) const {
    if (slots_.empty()) return nullptr;
    const uint64_t h = Hash(w);
    for (uint64_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.len == kEmpty) return nullptr;
      if (s.hash == h && s.len == w.size() && std::memcmp(chars_.data() + s.off, w.data(), w.size()) == 0)
        return &s.entry;
    }
  }
  static uint64_t Hash(std::string_view w) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ (w.size() * 0xFF51AFD7ED558CCDull);
    const char* p = w.data();
    size_t n = w.size();
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t v;
      std::memcpy(&v, p, 8);
      h = (h ^ v) * 0xC4CEB9FE1A85EC53ull;
      h ^= h >> 29;
    }
    if (n > 0) {
      // the last 1..7 bytes: two overlapping 4-byte loads, or the bytes one by one
      uint64_t v;
      if (n >= 4) {
        uint32_t lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        v = (static_cast<uint64_t>(hi) << 32) | lo;
      } else {
        v = static_cast<unsigned char>(p[0]) | (static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
            (static_cast<uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
      }
      h = (h ^ v) * 0xC4CEB9FE1A85EC53ull;
    }
    h ^= h >> 32;
    h *= 0xFF51AFD7ED558CCDull;
    return h ^ (h >> 29);
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    uint64_t hash = 0;
    uint32_t off = 0, len = kEmpty;
    LexiconEntry entry;
  };
  std::vector<Slot> slots_;
  std::string chars_;
  uint64_t mask_ = 0;
};

// The gazetteer trie's edges, (node << 32 | word id) -> child node, as a flat open-addressing
// table (child 0 marks an empty slot: the root is nobody's child). Built from Rules::trie.
class EdgeTable {
 public:
  void Build(const std::unordered_map<uint64_t, uint32_t>& edges) {
    size_t cap = 16;
    while (cap < edges.size() * 2) cap *= 2;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    for (const auto& [edge, child] : edges) {
      uint64_t i = Mix(edge) & mask_;
      while (slots_[i].child != 0) i = (i + 1) & mask_;
      slots_[i] = Slot{edge, child};
    }
  }
  // The child node, or 0 when the edge is absent.
  uint32_t Find(uint64_t edge) const {
    if (slots_.empty()) return 0;
    for (uint64_t i = Mix(edge) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.child == 0 || s.edge == edge) return s.child;
    }
  }

 private:
  static uint64_t Mix(uint64_t x) {
    x ^= x >> 31;
    x *= 0x9E3779B97F4A7C15ull;
    return x ^ (x >> 29);
  }
  struct Slot {
    uint64_t edge = 0;
    uint32_t child = 0;
  };
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
};

// A fast byte hash (WordTable::Hash) for the extractor's own per-document tables, which are
// never iterated where order could show.
struct FastStrHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return WordTable::Hash(s); }
};
template <class V>
using LocalMap = std::unordered_map<std::string, V, FastStrHash, std::equal_to<>>;
using LocalSet = std::unordered_set<std::string, FastStrHash, std::equal_to<>>;

struct Rules {
  std::vector<std::string> types;
  std::unordered_set<std::string> abbreviations;  // with their dot: "no.", "e.g."

  std::vector<GazEntry> entries;
  std::vector<uint8_t> entry_stopped;  // entry -> its NormalizeKey(name) is in stop_entities (Reindex)
  StrMap<std::vector<GazForm>> forms;  // phrase key -> forms
  uint32_t max_phrase_words = 1;

  StrMap<std::string> head_nouns;    // "conference" -> "event"
  StrMap<std::string> titles;        // "consul general" -> "Consul General"
  uint32_t max_title_words = 1;
  StrMap<std::string> demonyms;      // "chinese" -> "China"
  StrSet connectors;                 // "of", "for", "on", ...
  StrSet connector_determiners;      // "the", "a"
  StrSet sentence_starters;          // "the", "moving", ...
  StrSet common_words;               // lower-case dictionary words
  StrSet org_cues;                   // "company", "giant", ...
  StrSet stop_entities;              // NormalizeKey of names to drop

  StrMap<std::string> list_cues;     // "principles" -> "principle"
  StrMap<std::string> list_relations;  // item type -> relation type
  StrMap<int> numerals;              // "six" -> 6, "6" handled apart
  StrMap<int> ordinals;              // "first" -> 1, "firstly" -> 1
  StrSet count_nouns;                // "countries", "states", ...
  std::vector<std::vector<std::string>> hearst_cues;          // {"such","as"}, {"including"}
  StrMap<std::string> hearst_heads;  // "sectors" -> "sector"
  StrMap<std::string> definite_heads;  // "conference" -> "event"
  StrMap<std::string> purpose_nouns;   // "proposal" -> "measure"
  StrMap<std::string> purpose_relations;  // "proposal" -> "proposed"
  StrSet list_verbs;                 // "emphasizes" -> principle lists
  StrSet clause_verbs;               // finite verbs that end a phrase
  StrSet prepositions;
  StrSet adverbs;                    // skipped inside verb phrases
  StrSet owner_types;                // types that own lists
  StrSet action_verbs;               // base-form verbs that start items
  std::vector<std::vector<std::string>> quote_cues;           // {"principle","of"}, {"achieving"}
  StrMap<std::string> quote_relations;  // "achieving" -> "aims_at"
  std::vector<std::vector<std::string>> name_tails;           // {"for","mankind"}
  StrSet modifiers;                  // adjectives skipped in verb phrases
  StrSet months;                     // "january", "jan."
  // The gazetteer phrases as a word trie: each token is looked up once in `vocab`, then each
  // step is one integer-keyed probe. Rebuilt whenever `forms` changes (rules.cpp Reindex).
  StrMap<uint32_t> vocab;        // phrase word -> word id
  std::unordered_map<uint64_t, uint32_t> trie;            // (node << 32 | word id) -> child node
  std::vector<const std::vector<GazForm>*> trie_forms;    // node -> forms ending there, or null
  StrMap<LexiconEntry> lexicon;  // word -> vocabulary id and classes
  EdgeTable trie_edges;     // `trie` for fast lookups (rebuilt with it)
  WordTable lexicon_table;  // `lexicon` for fast lookups (rebuilt with it)
  std::vector<VerbRule> verbs;
  StrMap<std::vector<uint32_t>> verb_index;  // first-word form -> rules
};

}  // namespace accord::corpus
