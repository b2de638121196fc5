// Loading the extraction rules: the embedded default JSON, the system data it names (Debian's
// iso-codes countries and subdivisions, the wamerican word list) and an optional user file
// layered on top ("replace": true starts from nothing instead). Errors name the file, line and
// column.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "accord/graph/text_key.hpp"
#include "rules_internal.hpp"
#include "text_util.hpp"

#ifndef ACCORD_ISO_CODES_DIR
#define ACCORD_ISO_CODES_DIR "/usr/share/iso-codes/json"
#endif

namespace accord::corpus {

void WordTable::Build(const StrMap<LexiconEntry>& words) {
  size_t cap = 16;
  while (cap < words.size() * 2) cap *= 2;
  slots_.assign(cap, Slot{});
  mask_ = cap - 1;
  chars_.clear();
  for (const auto& [word, entry] : words) {
    const uint64_t h = Hash(word);
    uint64_t i = h & mask_;
    while (slots_[i].len != kEmpty) i = (i + 1) & mask_;
    slots_[i] = Slot{h, static_cast<uint32_t>(chars_.size()), static_cast<uint32_t>(word.size()), entry};
    chars_ += word;
  }
}

namespace {

using graph::ErrorCode;
using graph::Fail;
using graph::Result;
using graph::Status;

std::string LowerKey(std::string_view s) { return AsciiLower(FoldPunctuation(s)); }

// Splits a phrase into lower-case word keys the way the tokenizer would see them: words,
// with a split-off possessive and punctuation as their own keys.
std::vector<std::string> PhraseWords(std::string_view phrase) {
  std::string folded = FoldPunctuation(phrase);
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(AsciiLower(cur));
    cur.clear();
  };
  for (size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    if (c == ' ' || c == '\t') {
      flush();
    } else if (c == '\'' && i + 1 < folded.size() && (folded[i + 1] == 's' || folded[i + 1] == 'S') &&
               (i + 2 >= folded.size() || folded[i + 2] == ' ' || folded[i + 2] == ',')) {
      flush();
      out.push_back("'s");
      ++i;
    } else if (c == ',' || c == '(' || c == ')' || c == ':' || c == ';' || c == '"' ||
               (c == '.' && (cur.size() != 1 && cur.find('.') == std::string::npos))) {
      flush();
      if (c != '.') out.push_back(std::string(1, c));
      else out.push_back(".");
    } else {
      cur += c;
    }
  }
  flush();
  return out;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) {
    if (!s.empty()) s += ' ';
    s += w;
  }
  return s;
}

class Builder {
 public:
  explicit Builder(std::shared_ptr<Rules> rules) : r_(std::move(rules)) {
    for (uint32_t i = 0; i < r_->entries.size(); ++i)
      entry_index_[graph::NormalizeKey(r_->entries[i].name) + "\x1f" + r_->entries[i].type] = i;
  }

  uint32_t AddEntry(const std::string& name, const std::string& type) {
    std::string key = graph::NormalizeKey(name) + "\x1f" + type;
    auto it = entry_index_.find(key);
    if (it != entry_index_.end()) return it->second;
    uint32_t id = static_cast<uint32_t>(r_->entries.size());
    r_->entries.push_back(GazEntry{name, type, false});
    entry_index_.emplace(key, id);
    return id;
  }

  void AddForm(uint32_t entry, std::string_view text, CaseRule rule) {
    auto words = PhraseWords(text);
    if (words.empty()) return;
    std::string key = JoinWords(words);
    auto& list = r_->forms[key];
    for (const auto& f : list)
      if (f.entry == entry && f.rule == rule) return;
    list.push_back(GazForm{entry, rule, FoldPunctuation(text)});
    r_->max_phrase_words = std::max<uint32_t>(r_->max_phrase_words, static_cast<uint32_t>(words.size()));
  }

  Rules& rules() { return *r_; }

 private:
  std::shared_ptr<Rules> r_;
  std::unordered_map<std::string, uint32_t> entry_index_;
};

std::string Where(std::string_view source, std::string_view json, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < json.size(); ++i) {
    if (json[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  std::ostringstream os;
  os << source << ":" << line << ":" << col;
  return os.str();
}

CaseRule ParseCase(const std::string& s, CaseRule def) {
  if (s == "any") return CaseRule::kAny;
  if (s == "exact") return CaseRule::kExact;
  if (s == "cap") return CaseRule::kCap;
  return def;
}

// Regular English inflections of a verb lemma: lemma, -s, -ed, -ing.
std::vector<std::string> Inflect(const std::string& w) {
  std::vector<std::string> f{w};
  if (w.empty()) return f;
  auto ends = [&](std::string_view s) { return w.size() >= s.size() && w.compare(w.size() - s.size(), s.size(), s) == 0; };
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  char last = w.back();
  if (ends("s") || ends("sh") || ends("ch") || ends("x") || ends("z") || ends("o")) f.push_back(w + "es");
  else if (last == 'y' && w.size() > 1 && !vowel(w[w.size() - 2])) f.push_back(w.substr(0, w.size() - 1) + "ies");
  else f.push_back(w + "s");
  bool cvc = w.size() >= 3 && w.size() <= 4 && !vowel(last) && last != 'w' && last != 'x' && last != 'y' &&
             vowel(w[w.size() - 2]) && !vowel(w[w.size() - 3]);
  if (last == 'e') {
    f.push_back(w + "d");
    f.push_back(w.substr(0, w.size() - 1) + "ing");
  } else if (last == 'y' && w.size() > 1 && !vowel(w[w.size() - 2])) {
    f.push_back(w.substr(0, w.size() - 1) + "ied");
    f.push_back(w + "ing");
  } else if (cvc) {
    f.push_back(w + last + "ed");
    f.push_back(w + last + "ing");
  } else {
    f.push_back(w + "ed");
    f.push_back(w + "ing");
  }
  return f;
}

Status LoadWordList(Rules& r, const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};  // optional system data: rules still work without it
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.find('\'') != std::string::npos) continue;
    if (line[0] >= 'a' && line[0] <= 'z') r.common_words.insert(line);
  }
  return {};
}

Result<rapidjson::Document> ParseJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  rapidjson::Document d;
  d.Parse(text.c_str(), text.size());
  if (d.HasParseError())
    return Fail(ErrorCode::kParse, Where(path, text, d.GetErrorOffset()) + ": " +
                                       rapidjson::GetParseError_En(d.GetParseError()));
  return d;
}

Status LoadIsoCountries(Builder& b, const std::string& path) {
  auto doc = ParseJsonFile(path);
  if (!doc) return {};  // iso-codes missing: the curated lexicon still has the main countries
  if (!doc->IsObject() || !doc->HasMember("3166-1") || !(*doc)["3166-1"].IsArray()) return {};
  for (const auto& c : (*doc)["3166-1"].GetArray()) {
    if (!c.IsObject()) continue;
    auto str = [&](const char* k) -> std::string {
      return c.HasMember(k) && c[k].IsString() ? c[k].GetString() : std::string();
    };
    std::string name = str("name"), common = str("common_name"), official = str("official_name");
    std::string canonical = !common.empty() ? common : name;
    if (canonical.find(',') != std::string::npos) {
      if (!official.empty()) canonical = official;
      else canonical = canonical.substr(0, canonical.find(','));
    }
    uint32_t e = b.AddEntry(canonical, "country");
    b.AddForm(e, canonical, CaseRule::kCap);
    if (name.find(',') == std::string::npos) b.AddForm(e, name, CaseRule::kCap);
    if (!official.empty()) b.AddForm(e, official, CaseRule::kCap);
    if (!common.empty()) b.AddForm(e, common, CaseRule::kCap);
  }
  return {};
}

Status LoadIsoSubdivisions(Builder& b, const std::string& path, const std::unordered_set<std::string>& kinds) {
  auto doc = ParseJsonFile(path);
  if (!doc) return {};
  if (!doc->IsObject() || !doc->HasMember("3166-2") || !(*doc)["3166-2"].IsArray()) return {};
  const Rules& r = b.rules();
  for (const auto& c : (*doc)["3166-2"].GetArray()) {
    if (!c.IsObject() || !c.HasMember("name") || !c.HasMember("type") || !c["name"].IsString() ||
        !c["type"].IsString())
      continue;
    std::string type = AsciiLower(c["type"].GetString());
    if (!kinds.count(type)) continue;
    std::string name = c["name"].GetString();
    if (name.size() < 4 || name.find('(') != std::string::npos || name.find(',') != std::string::npos) continue;
    std::string lower = LowerKey(name);
    if (r.common_words.count(lower)) continue;  // "Centre", "Capital", "North"
    // keep places that do not collide with a country name or alias
    auto words = PhraseWords(name);
    auto it = r.forms.find(JoinWords(words));
    if (it != r.forms.end()) continue;
    uint32_t e = b.AddEntry(name, "place");
    b.AddForm(e, name, CaseRule::kCap);
  }
  return {};
}

// JSON helpers ------------------------------------------------------------------------------

using Value = rapidjson::Value;

class Reader {
 public:
  Reader(std::string_view source, std::string_view json) : source_(source), json_(json) {}

  Status Error(const std::string& what) const {
    return Fail(ErrorCode::kInvalid, std::string(source_) + ": " + what);
  }

  Status Strings(const Value& v, const char* key, std::vector<std::string>* out) const {
    if (!v.HasMember(key)) return {};
    const Value& a = v[key];
    if (!a.IsArray()) return Error(std::string("\"") + key + "\" must be an array of strings");
    for (const auto& s : a.GetArray()) {
      if (!s.IsString()) return Error(std::string("\"") + key + "\" must be an array of strings");
      out->emplace_back(s.GetString(), s.GetStringLength());
    }
    return {};
  }

  Status StringMap(const Value& v, const char* key, std::vector<std::pair<std::string, std::string>>* out) const {
    if (!v.HasMember(key)) return {};
    const Value& o = v[key];
    if (!o.IsObject()) return Error(std::string("\"") + key + "\" must be an object");
    for (auto m = o.MemberBegin(); m != o.MemberEnd(); ++m) {
      if (!m->value.IsString()) return Error(std::string("\"") + key + "\" values must be strings");
      out->emplace_back(m->name.GetString(), m->value.GetString());
    }
    return {};
  }

 private:
  std::string_view source_;
  std::string_view json_;
};

Status Apply(Builder& b, const Value& root, std::string_view source, std::string_view json) {
  Reader rd(source, json);
  Rules& r = b.rules();
  if (!root.IsObject()) return rd.Error("the rules must be a JSON object");

  std::vector<std::string> list;
  auto strings = [&](const char* key) -> Result<std::vector<std::string>> {
    std::vector<std::string> v;
    if (auto s = rd.Strings(root, key, &v); !s) return std::unexpected(s.error());
    return v;
  };
  auto map = [&](const char* key) -> Result<std::vector<std::pair<std::string, std::string>>> {
    std::vector<std::pair<std::string, std::string>> v;
    if (auto s = rd.StringMap(root, key, &v); !s) return std::unexpected(s.error());
    return v;
  };
#define ACCORD_TRY(var, expr)                          \
  auto var = (expr);                                   \
  if (!var) return std::unexpected(var.error());

  ACCORD_TRY(types, strings("types"));
  for (auto& t : *types)
    if (std::find(r.types.begin(), r.types.end(), t) == r.types.end()) r.types.push_back(t);
  auto known_type = [&](const std::string& t) {
    return std::find(r.types.begin(), r.types.end(), t) != r.types.end();
  };

  ACCORD_TRY(abbr, strings("abbreviations"));
  for (auto& a : *abbr) r.abbreviations.insert(LowerKey(a));
  auto set_of = [&](const char* key, StrSet& dst) -> Status {
    ACCORD_TRY(v, strings(key));
    for (auto& s : *v) dst.insert(LowerKey(s));
    return {};
  };
  for (auto [key, dst] : std::initializer_list<std::pair<const char*, StrSet*>>{
           {"connectors", &r.connectors},
           {"connector_determiners", &r.connector_determiners},
           {"sentence_starters", &r.sentence_starters},
           {"org_cues", &r.org_cues},
           {"count_nouns", &r.count_nouns},
           {"list_verbs", &r.list_verbs},
           {"clause_verbs", &r.clause_verbs},
           {"prepositions", &r.prepositions},
           {"adverbs", &r.adverbs},
           {"owner_types", &r.owner_types},
           {"action_verbs", &r.action_verbs},
           {"modifiers", &r.modifiers},
           {"months", &r.months}}) {
    if (auto s = set_of(key, *dst); !s) return s;
  }
  {
    ACCORD_TRY(stops, strings("stop_entities"));
    for (auto& s : *stops) r.stop_entities.insert(graph::NormalizeKey(s));
  }

  // Sources of system data.
  if (root.HasMember("sources")) {
    const Value& s = root["sources"];
    if (!s.IsObject()) return rd.Error("\"sources\" must be an object");
    if (s.HasMember("dictionary") && s["dictionary"].IsString()) {
      if (auto st = LoadWordList(r, s["dictionary"].GetString()); !st) return st;
    }
    std::string iso_dir = ACCORD_ISO_CODES_DIR;
    if (s.HasMember("iso_codes_dir") && s["iso_codes_dir"].IsString()) iso_dir = s["iso_codes_dir"].GetString();
    if (s.HasMember("countries") && s["countries"].IsBool() && s["countries"].GetBool()) {
      if (auto st = LoadIsoCountries(b, iso_dir + "/iso_3166-1.json"); !st) return st;
    }
    std::vector<std::string> kinds;
    if (auto st = rd.Strings(s, "subdivision_types", &kinds); !st) return st;
    if (!kinds.empty()) {
      std::unordered_set<std::string> k;
      for (auto& x : kinds) k.insert(AsciiLower(x));
      // subdivisions are loaded after the curated gazetteer below, so defer
      r.types.reserve(r.types.size());
      // stash in a static-free way: load right now (countries are in; curated entries that
      // collide win because subdivisions skip existing forms)
      if (auto st = LoadIsoSubdivisions(b, iso_dir + "/iso_3166-2.json", k); !st) return st;
    }
  }

  // Gazetteer.
  if (root.HasMember("gazetteer")) {
    const Value& g = root["gazetteer"];
    if (!g.IsArray()) return rd.Error("\"gazetteer\" must be an array");
    for (const auto& e : g.GetArray()) {
      if (!e.IsObject() || !e.HasMember("name") || !e["name"].IsString() || !e.HasMember("type") ||
          !e["type"].IsString())
        return rd.Error("each gazetteer entry needs a string \"name\" and \"type\"");
      std::string name = e["name"].GetString(), type = e["type"].GetString();
      if (!known_type(type)) return rd.Error("gazetteer entry \"" + name + "\" has unknown type \"" + type + "\"");
      CaseRule def = (type == "sector" || type == "technology") ? CaseRule::kAny : CaseRule::kCap;
      if (e.HasMember("case") && e["case"].IsString()) def = ParseCase(e["case"].GetString(), def);
      uint32_t id = b.AddEntry(name, type);
      b.AddForm(id, name, def);
      if (e.HasMember("aliases")) {
        if (!e["aliases"].IsArray()) return rd.Error("aliases of \"" + name + "\" must be an array");
        for (const auto& a : e["aliases"].GetArray()) {
          if (a.IsString()) {
            std::string text = a.GetString();
            // all-capitals aliases (acronyms) match exactly
            bool acronym = text.size() >= 2 && std::all_of(text.begin(), text.end(), [](char c) {
                             return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
                           });
            b.AddForm(id, text, acronym ? CaseRule::kExact : def);
          } else if (a.IsObject() && a.HasMember("text") && a["text"].IsString()) {
            CaseRule rule = def;
            if (a.HasMember("case") && a["case"].IsString()) rule = ParseCase(a["case"].GetString(), def);
            b.AddForm(id, a["text"].GetString(), rule);
          } else {
            return rd.Error("aliases of \"" + name + "\" must be strings or {\"text\",\"case\"}");
          }
        }
      }
    }
  }
  // Word lists that become gazetteer entries of one type: {"sector": ["agriculture", …]}.
  if (root.HasMember("terms")) {
    const Value& t = root["terms"];
    if (!t.IsObject()) return rd.Error("\"terms\" must be an object of type -> [names]");
    for (auto m = t.MemberBegin(); m != t.MemberEnd(); ++m) {
      std::string type = m->name.GetString();
      if (!known_type(type)) return rd.Error("\"terms\" names unknown type \"" + type + "\"");
      if (!m->value.IsArray()) return rd.Error("\"terms\"." + type + " must be an array");
      CaseRule def = (type == "sector" || type == "technology" || type == "principle") ? CaseRule::kAny : CaseRule::kCap;
      for (const auto& s : m->value.GetArray()) {
        if (!s.IsString()) return rd.Error("\"terms\"." + type + " must hold strings");
        uint32_t id = b.AddEntry(s.GetString(), type);
        b.AddForm(id, s.GetString(), def);
      }
    }
  }

  // Typed word tables.
  if (root.HasMember("head_nouns")) {
    const Value& h = root["head_nouns"];
    if (!h.IsObject()) return rd.Error("\"head_nouns\" must be an object of type -> [nouns]");
    for (auto m = h.MemberBegin(); m != h.MemberEnd(); ++m) {
      std::string type = m->name.GetString();
      if (!known_type(type)) return rd.Error("\"head_nouns\" names unknown type \"" + type + "\"");
      if (!m->value.IsArray()) return rd.Error("\"head_nouns\"." + type + " must be an array");
      for (const auto& s : m->value.GetArray())
        if (s.IsString()) r.head_nouns[LowerKey(s.GetString())] = type;
    }
  }
  {
    ACCORD_TRY(titles, strings("titles"));
    for (auto& t : *titles) {
      auto words = PhraseWords(t);
      r.titles[JoinWords(words)] = t;
      r.max_title_words = std::max<uint32_t>(r.max_title_words, static_cast<uint32_t>(words.size()));
    }
  }
  auto into_map = [&](const char* key, StrMap<std::string>& dst, bool check_type) -> Status {
    ACCORD_TRY(v, map(key));
    for (auto& [k, val] : *v) {
      if (check_type && !known_type(val)) return rd.Error(std::string("\"") + key + "\" maps \"" + k + "\" to unknown type \"" + val + "\"");
      dst[LowerKey(k)] = val;
    }
    return {};
  };
  if (auto s = into_map("demonyms", r.demonyms, false); !s) return s;
  if (auto s = into_map("list_cues", r.list_cues, true); !s) return s;
  if (auto s = into_map("list_relations", r.list_relations, false); !s) return s;
  if (auto s = into_map("hearst_heads", r.hearst_heads, true); !s) return s;
  if (auto s = into_map("definite_heads", r.definite_heads, true); !s) return s;
  if (auto s = into_map("purpose_nouns", r.purpose_nouns, true); !s) return s;
  if (auto s = into_map("purpose_relations", r.purpose_relations, false); !s) return s;
  {
    ACCORD_TRY(cues, strings("hearst_cues"));
    for (auto& c : *cues) r.hearst_cues.push_back(PhraseWords(c));
    ACCORD_TRY(qcues, strings("quote_cues"));
    for (auto& c : *qcues) r.quote_cues.push_back(PhraseWords(c));
    ACCORD_TRY(tails, strings("name_tails"));
    for (auto& c : *tails) r.name_tails.push_back(PhraseWords(c));
  }
  if (auto s = into_map("quote_relations", r.quote_relations, false); !s) return s;
  auto int_map = [&](const char* key, StrMap<int>& dst) -> Status {
    if (!root.HasMember(key)) return {};
    const Value& o = root[key];
    if (!o.IsObject()) return rd.Error(std::string("\"") + key + "\" must be an object of word -> number");
    for (auto m = o.MemberBegin(); m != o.MemberEnd(); ++m) {
      if (!m->value.IsInt()) return rd.Error(std::string("\"") + key + "\" values must be integers");
      dst[LowerKey(m->name.GetString())] = m->value.GetInt();
    }
    return {};
  };
  if (auto s = int_map("numerals", r.numerals); !s) return s;
  if (auto s = int_map("ordinals", r.ordinals); !s) return s;

  // Verbs.
  std::map<std::string, std::vector<std::string>> irregular;
  if (root.HasMember("irregular_verbs")) {
    const Value& o = root["irregular_verbs"];
    if (!o.IsObject()) return rd.Error("\"irregular_verbs\" must be an object of lemma -> [forms]");
    for (auto m = o.MemberBegin(); m != o.MemberEnd(); ++m) {
      std::vector<std::string> f{LowerKey(m->name.GetString())};
      if (!m->value.IsArray()) return rd.Error("\"irregular_verbs\" values must be arrays");
      for (const auto& s : m->value.GetArray())
        if (s.IsString()) f.push_back(LowerKey(s.GetString()));
      irregular[f[0]] = f;
    }
  }
  if (root.HasMember("verbs")) {
    const Value& vs = root["verbs"];
    if (!vs.IsArray()) return rd.Error("\"verbs\" must be an array");
    for (const auto& v : vs.GetArray()) {
      if (!v.IsObject() || !v.HasMember("phrase") || !v["phrase"].IsString() || !v.HasMember("type") ||
          !v["type"].IsString())
        return rd.Error("each verb rule needs a string \"phrase\" and \"type\"");
      VerbRule rule;
      rule.type = v["type"].GetString();
      auto words = PhraseWords(v["phrase"].GetString());
      if (words.empty()) return rd.Error("a verb rule has an empty phrase");
      for (size_t i = 0; i < words.size(); ++i) {
        if (i == 0) {
          auto it = irregular.find(words[0]);
          rule.words.push_back(it != irregular.end() ? it->second : Inflect(words[0]));
        } else {
          rule.words.push_back({words[i]});
        }
      }
      if (v.HasMember("reverse") && v["reverse"].IsBool()) rule.reverse = v["reverse"].GetBool();
      if (auto s = rd.Strings(v, "objects", &rule.object_types); !s) return s;
      if (auto s = rd.Strings(v, "subjects", &rule.subject_types); !s) return s;
      r.verbs.push_back(std::move(rule));
    }
  }
#undef ACCORD_TRY
  return {};
}

void Reindex(Rules& r) {
  r.vocab.clear();
  r.trie.clear();
  r.trie_forms.assign(1, nullptr);
  for (const auto& [key, forms] : r.forms) {
    uint32_t node = 0;
    size_t pos = 0;
    while (pos <= key.size()) {
      size_t sp = key.find(' ', pos);
      if (sp == std::string::npos) sp = key.size();
      std::string word = key.substr(pos, sp - pos);
      pos = sp + 1;
      auto [wit, added] = r.vocab.emplace(word, static_cast<uint32_t>(r.vocab.size()));
      uint64_t edge = (static_cast<uint64_t>(node) << 32) | wit->second;
      auto [cit, fresh] = r.trie.emplace(edge, static_cast<uint32_t>(r.trie_forms.size()));
      if (fresh) r.trie_forms.push_back(nullptr);
      node = cit->second;
    }
    r.trie_forms[node] = &forms;
  }
  r.trie_edges.Build(r.trie);
  r.entry_stopped.assign(r.entries.size(), 0);
  for (size_t i = 0; i < r.entries.size(); ++i)
    r.entry_stopped[i] = r.stop_entities.count(graph::NormalizeKey(r.entries[i].name)) ? 1 : 0;
  r.verb_index.clear();
  for (uint32_t i = 0; i < r.verbs.size(); ++i)
    for (const auto& f : r.verbs[i].words[0]) r.verb_index[f].push_back(i);
  r.lexicon.clear();
  for (const auto& [word, id] : r.vocab) r.lexicon[word].word_id = id;
  auto mark = [&](const auto& table, uint32_t bit) {
    for (const auto& item : table) {
      if constexpr (requires { item.first; }) r.lexicon[item.first].classes |= bit;
      else r.lexicon[item].classes |= bit;
    }
  };
  mark(r.connectors, kWConnectors);
  mark(r.connector_determiners, kWConnectorDeterminers);
  mark(r.sentence_starters, kWSentenceStarters);
  mark(r.prepositions, kWPrepositions);
  mark(r.adverbs, kWAdverbs);
  mark(r.modifiers, kWModifiers);
  mark(r.clause_verbs, kWClauseVerbs);
  mark(r.list_verbs, kWListVerbs);
  mark(r.action_verbs, kWActionVerbs);
  mark(r.months, kWMonths);
  mark(r.org_cues, kWOrgCues);
  mark(r.common_words, kWCommonWords);
  mark(r.demonyms, kWDemonyms);
  mark(r.head_nouns, kWHeadNouns);
  mark(r.list_cues, kWListCues);
  mark(r.definite_heads, kWDefiniteHeads);
  mark(r.purpose_nouns, kWPurposeNouns);
  mark(r.ordinals, kWOrdinals);
  mark(r.numerals, kWNumerals);
  mark(r.hearst_heads, kWHearstHeads);
  for (const auto& [form, rules] : r.verb_index) r.lexicon[form].classes |= kWVerbIndex;
  for (const auto& [title, canonical] : r.titles) r.lexicon[title.substr(0, title.find(' '))].classes |= kWTitleStart;
  for (const auto& cue : r.hearst_cues)
    if (!cue.empty()) r.lexicon[cue[0]].classes |= kWHearstFirst;
  for (const auto& cue : r.quote_cues)
    if (!cue.empty()) r.lexicon[cue[0]].classes |= kWQuoteCueFirst;
  for (const auto& [cue, type] : r.list_cues)
    if (cue.find(' ') != std::string::npos) r.lexicon[cue.substr(cue.rfind(' ') + 1)].classes |= kWListCueLast;
  for (const auto& [noun, type] : r.head_nouns)
    if (noun.find(' ') != std::string::npos) r.lexicon[noun.substr(0, noun.find(' '))].classes |= kWHeadFirst;
  r.lexicon_table.Build(r.lexicon);

}

}  // namespace

graph::Result<std::shared_ptr<const Rules>> ParseRules(std::string_view json, std::string_view source,
                                                       std::shared_ptr<const Rules> base) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError())
    return Fail(ErrorCode::kParse, Where(source, json, d.GetErrorOffset()) + ": " +
                                       rapidjson::GetParseError_En(d.GetParseError()));
  if (!d.IsObject()) return Fail(ErrorCode::kInvalid, std::string(source) + ": the rules must be a JSON object");
  bool replace = d.HasMember("replace") && d["replace"].IsBool() && d["replace"].GetBool();
  auto rules = (base && !replace) ? std::make_shared<Rules>(*base) : std::make_shared<Rules>();
  Builder b(rules);
  if (auto s = Apply(b, d, source, json); !s) return std::unexpected(s.error());
  Reindex(*rules);
  return std::shared_ptr<const Rules>(rules);
}

graph::Result<std::shared_ptr<const Rules>> LoadDefaultRules() {
  static const auto cached = ParseRules(DefaultRulesJson(), "default rules", nullptr);
  return cached;
}

graph::Result<std::shared_ptr<const Rules>> LoadRules(const std::filesystem::path& user_file) {
  auto base = LoadDefaultRules();
  if (!base) return base;
  std::ifstream in(user_file, std::ios::binary);
  if (!in) return Fail(ErrorCode::kIo, "cannot read the rules file " + user_file.string());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseRules(text, user_file.string(), *base);
}

}  // namespace accord::corpus
