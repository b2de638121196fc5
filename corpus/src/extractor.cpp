// The extractor: a deterministic cascade over one document (GATE/ANNIE style).
//
//   1. tokens and sentences (text.cpp), Markdown headings and list items recognised;
//   2. mentions, left to right in each sentence: dates, title + person ("Chinese Premier Li
//      Qiang"), role phrases ("Consul General of the P.R. China in Lahore"), organisation cues
//      ("tech giant Huawei"), country-pair cooperation ("China-Pakistan AI cooperation"),
//      capitalised phrases typed by gazetteer or head noun, gazetteer terms; acronym
//      definitions "Long Form (LF)"; definite descriptions ("the Plan", "the conference",
//      "Pakistan's AI policy") resolved to the entity named earlier;
//   3. enumerations with numeral cues ("six pillars: a, b, ... and f", quoted and bulleted
//      lists, "First ... Second ..."), Hearst lists ("sectors such as a, b and c"), purpose
//      nouns ("China's proposal to strengthen ..."), each item an entity linked to its owner;
//   4. a second pass that finds every later surface form of the entities found (one sense per
//      discourse), headings included;
//   5. relations: verb phrases from the rules' table between subject and object mentions
//      (passives and relative clauses handled), "X in Place", dates of events and documents.
//
// Every mention and evidence span is a byte range of the original text.
#include "accord/corpus/extractor.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "accord/corpus/text.hpp"
#include "accord/graph/text_key.hpp"
#include "rules_internal.hpp"
#include "text_util.hpp"

namespace accord::corpus {
namespace {

using graph::AliasRec;
using graph::DocumentRec;
using graph::EntityRec;
using graph::RelationKind;

constexpr int kNone = -1;

struct Mention {
  uint32_t tb = 0, te = 0;  // tokens [tb, te)
  uint32_t sent = 0;
  int entity = kNone;
  bool item = false;        // a list item (principle, pillar, measure, ...)
  uint32_t byte_start = 0, byte_end = 0;  // when byte_end > 0: a part of a token ("China" in
                                          // "China-Pakistan"), else the tokens' span
};

struct Entity {
  std::string name;
  std::string type;
  std::vector<AliasRec> aliases;
  uint32_t first_sentence = 0;
  std::string head;  // lower-case head noun of the name, when typed by one
  bool lower_ok = false;  // its short forms may be written in lower case ("AI cooperation")
  std::string key;        // NormalizeKey(name), kept in step with the name
  std::vector<std::string> alias_keys;  // NormalizeKey of each alias, same order
};

// An open-addressing map from a pair of 64-bit words to a 32-bit value: no node per entry
// (the extractor keeps one entry per relation and per piece of evidence).
class PairMap {
 public:
  static constexpr uint32_t kAbsent = 0xFFFFFFFFu;
  uint32_t Find(uint64_t a, uint64_t b) const {
    if (slots_.empty()) return kAbsent;
    const size_t mask = slots_.size() - 1;
    for (size_t i = Mix(a, b) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.used) return kAbsent;
      if (s.a == a && s.b == b) return s.value;
    }
  }
  // Adds (a, b) -> value unless present; true when added.
  bool Insert(uint64_t a, uint64_t b, uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    const size_t mask = slots_.size() - 1;
    for (size_t i = Mix(a, b) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (!s.used) {
        s = Slot{a, b, value, true};
        ++size_;
        return true;
      }
      if (s.a == a && s.b == b) return false;
    }
  }

 private:
  struct Slot {
    uint64_t a = 0, b = 0;
    uint32_t value = 0;
    bool used = false;
  };
  static size_t Mix(uint64_t a, uint64_t b) {
    uint64_t h = (a ^ (b * 0xC4CEB9FE1A85EC53ull)) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h ^ (h >> 31));
  }
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    size_ = 0;
    for (const Slot& s : old)
      if (s.used) Insert(s.a, s.b, s.value);
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

bool IsNamedType(std::string_view t) { return t != "date" && t != "number"; }

// Bytes a token's lower-case form may hold and still be its own NormalizeKey: a-z, 0-9, and
// the bytes of non-ASCII letters.
struct PlainKeyBytes {
  bool yes[256];
  constexpr PlainKeyBytes() : yes() {
    for (int c = 0; c < 256; ++c) yes[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
  }
};
constexpr PlainKeyBytes kPlainKeyByte;

bool IsAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// FoldPunctuation(a) == FoldPunctuation(b), without folding ASCII text (folding keeps it).
bool SameFolded(std::string_view a, std::string_view b) {
  if (IsAscii(a) && IsAscii(b)) return a == b;
  return FoldPunctuation(a) == FoldPunctuation(b);
}

// A fixed set of short words, bucketed by length: a lookup compares only the words of the
// probe's length (the extractor asks these per token).
class SmallWordSet {
 public:
  SmallWordSet(std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
      if (w.size() >= by_len_.size()) by_len_.resize(w.size() + 1);
      by_len_[w.size()].push_back(w);
    }
  }
  size_t count(std::string_view w) const {
    if (w.size() >= by_len_.size()) return 0;
    for (std::string_view x : by_len_[w.size()])
      if (std::memcmp(x.data(), w.data(), w.size()) == 0) return 1;
    return 0;
  }

 private:
  std::vector<std::vector<std::string_view>> by_len_;
};

bool IsAuxiliary(std::string_view w) {
  static const SmallWordSet kAux = {"be", "is", "are", "was", "were", "been", "being", "am", "has", "have",
                                             "had", "having", "do", "does", "did", "will", "would", "shall", "should",
                                             "can", "could", "may", "might", "must"};
  return kAux.count(w) > 0;
}

// A set of 64-bit hashes, open addressing (0 is the empty slot; a hash of 0 is stored as 1).
// Used where a false "present" only costs time: the prefix test of the second pass.
class HashSet64 {
 public:
  void Insert(uint64_t h) {
    if (h == 0) h = 1;
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    Place(h);
  }
  bool MayContain(uint64_t h) const {
    if (h == 0) h = 1;
    if (slots_.empty()) return false;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return true;
      if (slots_[i] == 0) return false;
    }
  }

 private:
  void Place(uint64_t h) {
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return;
      }
    }
  }
  void Grow() {
    std::vector<uint64_t> old;
    old.swap(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), 0);
    size_ = 0;
    for (uint64_t h : old)
      if (h != 0) Place(h);
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

// A set of strings in one flat open-addressing table (hash compared before bytes): the second
// pass asks it once per word token.
class FlatStringSet {
 public:
  void insert(std::string_view w) {
    if (count(w)) return;
    if ((words_.size() + 1) * 2 > slots_.size()) Grow();
    words_.emplace_back(w);
    Place(WordTable::Hash(w), static_cast<uint32_t>(words_.size() - 1));
  }
  size_t count(std::string_view w) const {
    if (slots_.empty()) return 0;
    const uint64_t h = WordTable::Hash(w);
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.index == kEmpty) return 0;
      if (s.hash == h && words_[s.index] == w) return 1;
    }
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  struct Slot {
    uint64_t hash = 0;
    uint32_t index = kEmpty;
  };
  void Place(uint64_t h, uint32_t index) {
    const size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    while (slots_[i].index != kEmpty) i = (i + 1) & mask;
    slots_[i] = Slot{h, index};
  }
  void Grow() {
    slots_.assign(std::max<size_t>(64, slots_.size() * 2), Slot{});
    for (uint32_t x = 0; x < words_.size(); ++x) Place(WordTable::Hash(words_[x]), x);
  }
  std::vector<std::string> words_;
  std::vector<Slot> slots_;
};

// The mentions of one sentence: up to 32 held in place (nearly every sentence), more on the
// heap. SentenceMentions builds one per call, many times per sentence.
class MentionList {
 public:
  void push_back(int m) {
    if (n_ < kInline) {
      inline_[n_++] = m;
      return;
    }
    if (n_ == kInline) heap_.assign(inline_, inline_ + kInline);
    heap_.push_back(m);
    ++n_;
  }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const int* begin() const { return n_ <= kInline ? inline_ : heap_.data(); }
  const int* end() const { return begin() + n_; }
  int operator[](size_t x) const { return begin()[x]; }
  int front() const { return begin()[0]; }
  int back() const { return begin()[n_ - 1]; }
  std::reverse_iterator<const int*> rbegin() const { return std::reverse_iterator<const int*>(end()); }
  std::reverse_iterator<const int*> rend() const { return std::reverse_iterator<const int*>(begin()); }

 private:
  static constexpr size_t kInline = 32;
  int inline_[kInline];
  size_t n_ = 0;
  std::vector<int> heap_;
};

class Extractor {
 public:
  Extractor(const LoadedDocument& doc, const Rules& rules) : doc_(doc), r_(rules), text_(doc.text) {}

  DocumentRec Run();

 private:
  // ---- token helpers ---------------------------------------------------------------------
  const Token& T(uint32_t i) const { return toks_[i]; }
  std::string_view Surface(uint32_t tb, uint32_t te) const {
    return std::string_view(text_).substr(toks_[tb].span.start, toks_[te - 1].span.end - toks_[tb].span.start);
  }
  bool IsCapWord(uint32_t i) const {
    const Token& t = T(i);
    return t.Is(kWord) && (t.Is(kCap) || t.Is(kAllCaps)) && !t.Is(kPossessive);
  }
  bool IsLowerWord(uint32_t i) const { return T(i).Is(kWord) && !T(i).Is(kCap) && !T(i).Is(kPossessive); }
  bool Lower(uint32_t i, std::string_view w) const { return i < toks_.size() && T(i).lower() == w; }
  bool Punct(uint32_t i, std::string_view p) const { return i < toks_.size() && T(i).Is(kPunct) && T(i).norm() == p; }
  bool IsYear(uint32_t i) const {
    const Token& t = T(i);
    return t.Is(kNumber) && !t.Is(kWord) && t.norm().size() == 4 && (t.norm()[0] == '1' || t.norm()[0] == '2');
  }
  bool IsGerund(uint32_t i) const {
    std::string_view w = T(i).lower();
    return T(i).Is(kWord) && w.size() > 5 && w.compare(w.size() - 3, 3, "ing") == 0;
  }

  // ---- entities ----------------------------------------------------------------------------
  int FindEntity(std::string_view key, std::string_view type) const {
    auto it = keys_.find(key);
    if (it == keys_.end()) return kNone;
    for (const auto& [t, id] : it->second.by_type)
      if (t == type) return id;
    return kNone;
  }
  // The entity for (key, type) from now on (replaces an earlier one).
  void SetKeyType(const std::string& key, std::string_view type, int id) {
    auto& by_type = keys_[key].by_type;
    for (auto& [t, e] : by_type)
      if (t == type) {
        e = id;
        return;
      }
    by_type.emplace_back(std::string(type), id);
  }
  // The first entity given `key` by AddKey (kNone when none).
  int FirstWithKey(std::string_view key) const {
    auto it = keys_.find(key);
    return it == keys_.end() ? kNone : it->second.first;
  }
  void AddKey(const std::string& key, int id) {
    auto& k = keys_[key];
    if (k.first == kNone) k.first = id;
  }
  int AddEntity(std::string_view name, std::string_view type, uint32_t sent) {
    std::string& key = entity_key_;
    graph::NormalizeKeyInto(name, &key);
    if (key.empty()) return kNone;
    // one probe of the key table serves FindEntity, FirstWithKey, SetKeyType and AddKey
    auto kit = keys_.find(key);
    if (kit != keys_.end()) {
      for (const auto& [t, e] : kit->second.by_type)
        if (t == type) return e;
      // an entity of another type under the same key (e.g. a list item and a term) wins
      int first = kit->second.first;
      if (first != kNone && !IsNamedType(type) == !IsNamedType(ents_[first].type)) return first;
    }
    const int id = static_cast<int>(ents_.size());
    ents_.push_back(Entity{std::string(name), std::string(type), {}, sent, {}, false, key, {}});
    auto bt = ents_by_type_.find(type);
    if (bt == ents_by_type_.end()) bt = ents_by_type_.emplace(std::string(type), std::vector<int>{}).first;
    bt->second.push_back(id);
    last_seen_.push_back(kNotSeen);
    if (kit == keys_.end()) kit = keys_.emplace(key, KeyEntities{}).first;
    kit->second.by_type.emplace_back(std::string(type), id);  // (key, type) was not there
    if (kit->second.first == kNone) kit->second.first = id;
    return id;
  }
  void AddAlias(int e, std::string_view surface, bool local) {
    if (e == kNone) return;
    // trim surrounding quotes and spaces
    std::string& key = alias_key_;
    graph::NormalizeKeyInto(surface, &key);
    if (key.empty() || key == ents_[e].key) return;
    for (size_t x = 0; x < ents_[e].aliases.size(); ++x)
      if (ents_[e].alias_keys[x] == key) {
        ents_[e].aliases[x].local = ents_[e].aliases[x].local && local;
        return;
      }
    ents_[e].aliases.push_back(AliasRec{std::string(surface), local});
    ents_[e].alias_keys.push_back(key);
  }

  // ---- mentions ----------------------------------------------------------------------------
  // A mention inside another one (a country inside a role phrase): kept for provenance, not
  // in the token map.
  void AddNested(uint32_t tb, uint32_t te, int entity, uint32_t sent, int container) {
    if (entity == kNone || te <= tb) return;
    nested_.push_back(Mention{tb, te, sent, entity, false});
    nested_owner_.push_back(container);
  }
  // A mention where the tokens are free, else nested in the one mention that covers them.
  void AddMentionOrNested(uint32_t tb, uint32_t te, int entity, uint32_t sent) {
    if (Free(tb, te)) {
      AddMention(tb, te, entity, sent);
      return;
    }
    int cover = owner_[tb];
    if (cover == kNone || mentions_[cover].tb > tb || mentions_[cover].te < te) return;
    for (uint32_t k = tb; k < te; ++k)
      if (owner_[k] != cover) return;
    if (mentions_[cover].entity == entity) return;
    AddNested(tb, te, entity, sent, mentions_[cover].entity);
  }
  // The country a demonym names ("Chinese" -> China), as a mention of that word.
  int DemonymCountry(uint32_t k, uint32_t sent) {
    if (!W(k, kWDemonyms)) return kNone;
    auto it = r_.demonyms.find(T(k).lower());
    if (it == r_.demonyms.end()) return kNone;
    int c = FindEntity(graph::NormalizeKey(it->second), "country");
    if (c == kNone) c = AddEntity(it->second, "country", sent);
    if (owner_[k] == kNone) AddMention(k, k + 1, c, sent);
    else if (mentions_[owner_[k]].entity != c) AddNested(k, k + 1, c, sent, mentions_[owner_[k]].entity);
    return c;
  }
  bool Free(uint32_t tb, uint32_t te) const {
    for (uint32_t i = tb; i < te; ++i)
      if (owner_[i] != kNone) return false;
    return true;
  }
  int AddMention(uint32_t tb, uint32_t te, int entity, uint32_t sent, bool item = false) {
    if (entity == kNone || te <= tb) return kNone;
    // list items replace the smaller mentions inside them
    for (uint32_t i = tb; i < te; ++i) {
      if (owner_[i] == kNone) continue;
      if (!item) return kNone;
      Mention& m = mentions_[owner_[i]];
      if (m.tb < tb || m.te > te) return kNone;
    }
    for (uint32_t i = tb; i < te; ++i)
      if (owner_[i] != kNone) {
        Mention& inner = mentions_[owner_[i]];
        // a sector or technology named inside an item stays a mention of its own
        if (inner.entity != kNone && (ents_[inner.entity].type == "sector" || ents_[inner.entity].type == "technology")) {
          nested_.push_back(inner);
          nested_owner_.push_back(entity);
        }
        inner.entity = kNone;  // dropped from the token map
        owner_[i] = kNone;
      }
    int id = static_cast<int>(mentions_.size());
    mentions_.push_back(Mention{tb, te, sent, entity, item});
    for (uint32_t i = tb; i < te; ++i) owner_[i] = id;
    last_seen_[entity] = sent;
    return id;
  }
  MentionList SentenceMentions(uint32_t s) const {
    MentionList out;
    const Sentence& st = sents_[s];
    int last = kNone;
    for (uint32_t i = st.token_begin; i < st.token_end; ++i)
      if (owner_[i] != kNone && owner_[i] != last && mentions_[owner_[i]].entity != kNone) {
        out.push_back(owner_[i]);
        last = owner_[i];
      }
    return out;
  }

  // Whether one of the mentions `ms` ends right before token `tok`.
  bool EndsMention(const MentionList& ms, uint32_t tok) const {
    return std::any_of(ms.begin(), ms.end(), [&](int m) { return mentions_[m].te == tok; });
  }

  void AddRelation(int s, int t, const std::string& type, uint32_t sent) {
    if (s == kNone || t == kNone || s == t || type.empty()) return;
    const uint64_t st = (static_cast<uint64_t>(static_cast<uint32_t>(s)) << 32) | static_cast<uint32_t>(t);
    auto [type_it, fresh_type] = rel_types_.try_emplace(type, static_cast<uint32_t>(rel_types_.size()));
    const uint32_t index = rel_index_.Find(st, type_it->second);
    if (index == PairMap::kAbsent) {
      rel_index_.Insert(st, type_it->second, static_cast<uint32_t>(rels_.size()));
      graph::RelationRec rec;
      rec.source = static_cast<uint32_t>(s);
      rec.target = static_cast<uint32_t>(t);
      rec.type = type;
      rec.kind = RelationKind::kStated;
      rec.evidence.push_back(graph::EvidenceRec{sent, sents_[sent].span});
      rel_sentences_.Insert(rels_.size(), sent, 0);
      NoteEvidence(sent, static_cast<uint32_t>(rels_.size()));
      rels_.push_back(std::move(rec));
    } else if (rel_sentences_.Insert(index, sent, 0)) {
      rels_[index].evidence.push_back(graph::EvidenceRec{sent, sents_[sent].span});
      NoteEvidence(sent, index);
    }
  }
  // Whether the relation s -[type]-> t has been stated.
  bool HasRelation(int s, int t, std::string_view type) const {
    auto type_it = rel_types_.find(type);
    if (type_it == rel_types_.end()) return false;
    const uint64_t st = (static_cast<uint64_t>(static_cast<uint32_t>(s)) << 32) | static_cast<uint32_t>(t);
    return rel_index_.Find(st, type_it->second) != PairMap::kAbsent;
  }
  void NoteEvidence(uint32_t sent, uint32_t rel) {
    if (rels_in_sentence_.size() <= sent) rels_in_sentence_.resize(sents_.size());
    rels_in_sentence_[sent].push_back(rel);
  }

  template <class C>
  static void ReleaseAll(C& c) {
    C().swap(c);
  }
  // Everything but the tokens, sentences, mentions, entities and relations.
  void ReleaseWorkingState() {
    ReleaseAll(tkey_), ReleaseAll(tkey_store_), ReleaseAll(word_id_), ReleaseAll(wc_), ReleaseAll(owner_);
    ReleaseAll(local_forms_), ReleaseAll(keys_), ReleaseAll(ents_by_type_);
    ReleaseAll(rels_in_sentence_), ReleaseAll(last_seen_), ReleaseAll(heading_), ReleaseAll(list_item_);
    ReleaseAll(content_begin_);
    local_prefixes_ = HashSet64();
    local_first_words_ = FlatStringSet();
    rel_index_ = PairMap();
    rel_sentences_ = PairMap();
  }

  // ---- stages -------------------------------------------------------------------------------
  void ClassifySentences();
  void FirstPass(uint32_t s);
  void SecondPass(uint32_t s);
  void Relations(uint32_t s);

  // recognisers used by FirstPass; each returns the token after what it consumed, or `i`
  uint32_t TryDate(uint32_t s, uint32_t i);
  uint32_t TryNumberedName(uint32_t s, uint32_t i);
  uint32_t TryAppositivePerson(uint32_t s, uint32_t i);
  void GroupMembers(uint32_t s);
  void AttachCircumstances(const std::string& verb_type, const std::vector<int>& patients, uint32_t from, uint32_t s);
  int ResolvePronoun(uint32_t s, uint32_t k) const;
  uint32_t TryTitlePerson(uint32_t s, uint32_t i);
  uint32_t TryOrgCue(uint32_t s, uint32_t i);
  uint32_t TryCountryPair(uint32_t s, uint32_t i);
  uint32_t TryPossessiveDescription(uint32_t s, uint32_t i);
  uint32_t TryDefinite(uint32_t s, uint32_t i);
  uint32_t TryChunk(uint32_t s, uint32_t i);
  uint32_t TryGazetteer(uint32_t s, uint32_t i, bool named_only);
  void TryAcronym(uint32_t s, int mention);
  void Lists(uint32_t s);
  void BulletList(uint32_t s, int owner, const std::string& item_type, const std::string& rel);
  // The stated size of a list ("six principles"): a number entity the owner has_count.
  void CountOf(int owner, uint32_t numeral, uint32_t cue, uint32_t s) {
    if (owner == kNone || !Free(numeral, numeral + 1)) return;
    int num = AddEntity(T(numeral).norm(), "number", s);
    AddAlias(num, Surface(numeral, cue + 1), true);
    AddMention(numeral, numeral + 1, num, s);
    AddRelation(owner, num, "has_count", s);
  }
  void Ordinals(uint32_t s);
  void Hearst(uint32_t s);
  void PurposeNouns(uint32_t s);
  void VerbLists(uint32_t s);
  void QuotedConcepts(uint32_t s);
  int TopicFor(uint32_t s, int subject) const;
  bool StartsWithPhrase(uint32_t k, uint32_t end, const std::vector<std::string>& words) const {
    if (k + words.size() > end) return false;
    for (size_t q = 0; q < words.size(); ++q)
      if (T(k + q).lower() != words[q]) return false;
    return true;
  }

  std::optional<std::pair<uint32_t, const GazForm*>> GazMatch(uint32_t i, uint32_t limit) const;
  uint32_t ChunkEnd(uint32_t i, uint32_t limit) const;
  std::string HeadType(uint32_t tb, uint32_t te, std::string* head) const;
  int ResolveDescription(const std::string& phrase_key, const std::string& type, const std::string& head,
                         uint32_t sent) const;
  int OwnerFor(uint32_t s, uint32_t avoid_tb, uint32_t avoid_te, bool allow_measure) const;
  int ItemEntity(uint32_t tb, uint32_t te, const std::string& type, uint32_t s);
  uint32_t TrimItem(uint32_t tb, uint32_t te) const;
  std::vector<std::pair<uint32_t, uint32_t>> SplitItems(uint32_t tb, uint32_t te, int expected) const;
  uint32_t TitleAt(uint32_t i, uint32_t limit, std::string* canonical) const;
  int MentionAt(uint32_t i) const { return i < owner_.size() ? owner_[i] : kNone; }
  uint32_t SentenceEnd(uint32_t s) const { return sents_[s].token_end; }

  const LoadedDocument& doc_;
  const Rules& r_;
  const std::string& text_;
  TokenList toks_;
  std::vector<Sentence> sents_;
  std::vector<bool> heading_;     // sentence is a Markdown heading or a title line
  std::vector<bool> list_item_;   // sentence is a bulleted or numbered item
  std::vector<uint32_t> content_begin_;  // first token after a list marker / heading marker
  std::vector<int> owner_;        // token -> mention index
  static constexpr uint32_t kNoWord = 0xFFFFFFFFu;
  std::vector<uint32_t> word_id_;  // token -> gazetteer vocabulary id (kNoWord when absent)
  std::vector<uint32_t> wc_;       // token -> WordClass bits of its lower-case form
  bool W(uint32_t i, uint32_t cls) const { return i < wc_.size() && (wc_[i] & cls) != 0; }
  // token -> NormalizeKey of its text (second pass): a view of the token's lower-case form when
  // that is already its key, else of `tkey_store_`
  mutable std::optional<std::string> title_key_;
  // scratch keys, their capacity reused: AddEntity's, AddAlias's, and short-lived lookups'
  std::string entity_key_, alias_key_, lookup_key_;  // NormalizeKey of the document's title, once
  // (kOwnKey: the token's lower-case form is its key; else an index into tkey_store_)
  static constexpr uint32_t kOwnKey = 0xFFFFFFFFu;
  std::vector<uint32_t> tkey_;
  std::vector<std::string> tkey_store_;
  std::string_view TokenKey(uint32_t i) const {
    return tkey_[i] == kOwnKey ? T(i).lower() : std::string_view(tkey_store_[tkey_[i]]);
  }
  // Every word-boundary prefix of every local_forms_ key (kept in step with it from the second
  // pass on): a phrase that is no such prefix cannot grow into a local form.
  HashSet64 local_prefixes_;  // their hashes (WordTable::Hash): a collision only keeps a scan going
  bool track_prefixes_ = false;
  void SetLocalForm(const std::string& key, int e) {
    local_forms_[key] = e;
    if (track_prefixes_) AddPrefixes(key);
  }
  void AddPrefixes(std::string_view key) {
    for (size_t sp = key.find(' '); sp != std::string_view::npos; sp = key.find(' ', sp + 1))
      local_prefixes_.Insert(WordTable::Hash(key.substr(0, sp)));
    local_prefixes_.Insert(WordTable::Hash(key));
  }
  std::vector<Mention> mentions_;
  std::vector<Entity> ents_;
  struct KeyEntities {
    std::vector<std::pair<std::string, int>> by_type;  // (type, entity), as FindEntity sees them
    int first = kNone;                                  // the first entity given the key (AddKey)
  };
  LocalMap<KeyEntities> keys_;                // NormalizeKey -> entities
  LocalMap<std::vector<int>> ents_by_type_;   // type -> entities, in creation order
  static constexpr uint32_t kNotSeen = 0xFFFFFFFFu;
  std::vector<uint32_t> last_seen_;          // entity -> last sentence with a mention of it
  LocalMap<int> local_forms_;  // doc-local phrase key -> entity
  FlatStringSet local_first_words_;  // first words of local_forms_ keys
  uint32_t local_max_words_ = 1;
  std::vector<graph::RelationRec> rels_;
  LocalMap<uint32_t> rel_types_;  // relation type -> small id
  PairMap rel_index_;             // (source << 32 | target, type id) -> relation index
  // (relation index << 32 | sentence) pairs already given as evidence: a relation stated in
  // thousands of sentences of one big file must not rescan its evidence on every sentence.
  PairMap rel_sentences_;
  std::vector<std::vector<uint32_t>> rels_in_sentence_;  // sentence -> relations given evidence there
  std::vector<Mention> nested_;        // mentions inside list items (kept, not in owner_)
  std::vector<int> nested_owner_;      // the item entity each nested mention sits in
};

// ------------------------------------------------------------------------------------------

void Extractor::ClassifySentences() {
  heading_.assign(sents_.size(), false);
  list_item_.assign(sents_.size(), false);
  content_begin_.resize(sents_.size());
  for (uint32_t s = 0; s < sents_.size(); ++s) {
    uint32_t b = sents_[s].token_begin, e = sents_[s].token_end;
    content_begin_[s] = b;
    const Token& t = T(b);
    if (t.Is(kLineStart) && t.Is(kPunct) && t.norm() == "#") {
      heading_[s] = true;
      uint32_t k = b;
      while (k < e && T(k).Is(kPunct) && T(k).norm() == "#") ++k;
      content_begin_[s] = k;
    } else if (t.Is(kLineStart) && t.Is(kPunct) && (t.norm() == "-" || t.norm() == "*" || t.norm() == "+" || t.norm() == "\xE2\x80\xA2")) {
      list_item_[s] = true;
      content_begin_[s] = b + 1;
    } else if (t.Is(kLineStart) && t.Is(kNumber) && b + 1 < e && (T(b + 1).norm() == "." || T(b + 1).norm() == ")") &&
               T(b + 1).span.start == t.span.end) {
      list_item_[s] = true;
      content_begin_[s] = b + 2;
    } else if (t.Is(kLineStart) && t.Is(kPunct) && t.norm() == "(" && b + 2 < e && T(b + 2).norm() == ")") {
      list_item_[s] = true;
      content_begin_[s] = b + 3;
    }
    // A line of title-cased words with no final punctuation is a heading ("Copyright ..." too).
    if (!heading_[s] && !list_item_[s]) {
      uint32_t words = 0, caps = 0;
      for (uint32_t k = b; k < e; ++k) {
        if (!T(k).Is(kWord)) continue;
        ++words;
        if (T(k).Is(kCap) || W(k, kWConnectors) || W(k, kWConnectorDeterminers) ||
            T(k).lower() == "and")
          ++caps;
      }
      const Token& last = T(e - 1);
      bool final_punct = last.Is(kPunct) && (last.norm() == "." || last.norm() == "?" || last.norm() == "!" ||
                                             last.norm() == ":" || last.Is(kCloseQuote));
      if (!final_punct && words >= 2 && caps == words && words <= 14) heading_[s] = true;
    }
  }
}

std::optional<std::pair<uint32_t, const GazForm*>> Extractor::GazMatch(uint32_t i, uint32_t limit) const {
  std::optional<std::pair<uint32_t, const GazForm*>> best;
  uint32_t node = 0;
  for (uint32_t n = 0; n < r_.max_phrase_words && i + n < limit; ++n) {
    uint32_t w = word_id_[i + n];
    if (w == kNoWord) break;
    const uint32_t child = r_.trie_edges.Find((static_cast<uint64_t>(node) << 32) | w);
    if (child == 0) break;
    node = child;
    const std::vector<GazForm>* forms = r_.trie_forms[node];
    if (!forms) continue;
    for (const GazForm& f : *forms) {
      bool ok = false;
      switch (f.rule) {
        case CaseRule::kAny: ok = true; break;
        case CaseRule::kCap: ok = T(i).Is(kCap) || T(i).Is(kNumber); break;
        case CaseRule::kExact: {
          // compare ignoring whitespace differences
          std::string_view surface = Surface(i, i + n + 1);
          std::string folded;
          if (!std::all_of(surface.begin(), surface.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
            folded = FoldPunctuation(surface);
            surface = folded;
          }
          size_t x = 0, y = 0;
          const std::string& ex = f.exact;
          while (true) {
            while (x < surface.size() && surface[x] == ' ') ++x;
            while (y < ex.size() && ex[y] == ' ') ++y;
            if (x == surface.size() || y == ex.size()) break;
            if (surface[x] != ex[y]) break;
            ++x, ++y;
          }
          ok = x == surface.size() && y == ex.size();
          break;
        }
      }
      if (ok) {
        best = std::make_pair(i + n + 1, &f);
        break;
      }
    }
  }
  return best;
}

// A title at token i ("Premier", "Consul General", "Secretary-General"): returns the end.
uint32_t Extractor::TitleAt(uint32_t i, uint32_t limit, std::string* canonical) const {
  if (!W(i, kWTitleStart)) return i;
  std::string key;
  uint32_t best = i;
  for (uint32_t n = 0; n < r_.max_title_words && i + n < limit; ++n) {
    if (!T(i + n).Is(kWord)) break;
    if (n > 0) key += ' ';
    key += T(i + n).lower();
    auto it = r_.titles.find(key);
    if (it != r_.titles.end() && T(i).Is(kCap)) {
      best = i + n + 1;
      if (canonical) *canonical = it->second;
    }
  }
  return best;
}

// End of the capitalised phrase starting at i (exclusive), or i when there is none.
uint32_t Extractor::ChunkEnd(uint32_t i, uint32_t limit) const {
  if (i >= limit || !IsCapWord(i)) return i;
  uint32_t end = i + 1;
  bool seen_connector = false;
  uint32_t k = i + 1;
  while (k < limit) {
    const Token& t = T(k);
    if (t.span.start > T(k - 1).span.end && k > i) {
      // whitespace between: fine
    }
    if (IsCapWord(k) || t.Is(kInitialism)) {
      // never run across a line break
      if (t.Is(kLineStart)) break;
      end = ++k;
      continue;
    }
    if (t.Is(kNumber) && !t.Is(kWord) && (IsYear(k) || t.norm().find('/') != std::string::npos)) {
      end = ++k;
      continue;
    }
    if (t.Is(kWord) && W(k, kWConnectors)) {
      uint32_t j = k + 1;
      while (j < limit && W(j, kWConnectorDeterminers) && !T(j).Is(kCap)) ++j;
      if (j < limit && IsCapWord(j) && !T(j).Is(kLineStart)) {
        if (W(j, kWMonths)) break;  // "Seoul Declaration of May 2024": a date follows
        // do not swallow a following country or place ("Xi Jinping of China", "... in Lahore")
        auto g = GazMatch(j, limit);
        if (g) {
          // a known name that runs past the capitalised words ("Organisation for Economic
          // Co-operation and Development", "... Educational, Scientific and Cultural ...") is
          // its own mention
          uint32_t run = j;
          while (run < limit && (IsCapWord(run) || T(run).Is(kInitialism))) ++run;
          if (g->first > run) break;
        }
        if (g && (r_.entries[g->second->entry].type == "country" || r_.entries[g->second->entry].type == "place") &&
            (g->first >= limit || !IsCapWord(g->first))) {
          // a country at the end of the phrase is part of it only after a head noun that
          // names a body of that country ("Council of Europe", "Bank of China")
          std::string head;
          std::string type = HeadType(i, end, &head);
          if (type != "organization" && type != "event") break;
        }
        seen_connector = true;
        k = j;
        continue;
      }
      break;
    }
    // "for Safe, Innovative and Inclusive AI": a capitalised series inside a name
    if (seen_connector && t.Is(kPunct) && t.norm() == "," && k + 1 < limit && IsCapWord(k + 1) && !GazMatch(k + 1, limit)) {
      uint32_t q = k + 1;
      bool series = false;
      while (q < limit && q < k + 8) {
        if (IsCapWord(q) && !GazMatch(q, limit)) { ++q; continue; }
        if (Punct(q, ",") && q + 1 < limit && IsCapWord(q + 1)) { ++q; continue; }
        if (T(q).lower() == "and" && q + 1 < limit && IsCapWord(q + 1)) series = true;
        break;
      }
      if (series) {
        k = k + 1;
        continue;
      }
      break;
    }
    if (t.Is(kWord) && t.lower() == "and" && seen_connector && k + 1 < limit && IsCapWord(k + 1) &&
        !T(k + 1).Is(kLineStart)) {
      // "Convention on Artificial Intelligence and Human Rights": keep going unless the part
      // after "and" is a name of its own
      uint32_t j = k + 1;
      while (j < limit && IsCapWord(j)) ++j;
      std::string head;
      if (!HeadType(k + 1, j, &head).empty()) break;
      auto g = GazMatch(k + 1, limit);
      if (g && g->first >= j) break;
      k = k + 1;
      continue;
    }
    break;
  }
  return end;
}

// The entity type given by the head noun of tokens [tb, te): the last word before the first
// connector (a trailing year or number skipped); also the last two words ("action plan").
std::string Extractor::HeadType(uint32_t tb, uint32_t te, std::string* head) const {
  // "Council of Europe Framework Convention on ...": the head comes after a leading known name
  if (auto g = GazMatch(tb, te); g && g->first < te && g->first > tb && IsCapWord(g->first)) tb = g->first;
  uint32_t stop = te;
  for (uint32_t k = tb + 1; k < te; ++k)
    if (T(k).Is(kWord) && !T(k).Is(kCap) && (W(k, kWConnectors) || T(k).lower() == "between")) {
      stop = k;
      break;
    }
  while (stop > tb && (T(stop - 1).Is(kNumber) || T(stop - 1).Is(kPunct))) --stop;
  if (stop == tb) return {};
  if (stop - tb >= 2 && W(stop - 2, kWHeadFirst)) {
    std::string two(T(stop - 2).lower());
    two += ' ';
    two += T(stop - 1).lower();
    auto it = r_.head_nouns.find(two);
    if (it != r_.head_nouns.end()) {
      *head = two;
      return it->second;
    }
  }
  std::string_view w = T(stop - 1).lower();
  // hyphenated heads: "Secretary-General" -> whole; "AI-related Plan" -> last part
  auto it = W(stop - 1, kWHeadNouns) ? r_.head_nouns.find(w) : r_.head_nouns.end();
  if (it == r_.head_nouns.end() && w.find('-') != std::string::npos) it = r_.head_nouns.find(w.substr(w.rfind('-') + 1));
  if (it == r_.head_nouns.end()) return {};
  *head = it->first;
  return it->second;
}

int Extractor::ResolveDescription(const std::string& phrase_key, const std::string& type, const std::string& head,
                                  uint32_t sent) const {
  // the most recently seen entity whose name ends with the phrase (or whose head matches),
  // of a compatible type
  int best = kNone;
  uint32_t best_seen = 0;
  // " phrase" and "phrase ", built once rather than per entity
  const std::string spaced_phrase = phrase_key.empty() ? std::string() : " " + phrase_key;
  const std::string phrase_spaced = phrase_key.empty() ? std::string() : phrase_key + " ";
  // with a type, only that type's entities (in creation order, as a scan of all would meet them)
  const std::vector<int>* typed = nullptr;
  if (!type.empty()) {
    auto bt = ents_by_type_.find(type);
    if (bt == ents_by_type_.end()) return kNone;
    typed = &bt->second;
  }
  const size_t count = typed ? typed->size() : ents_.size();
  for (size_t x = 0; x < count; ++x) {
    const int e = typed ? (*typed)[x] : static_cast<int>(x);
    const Entity& en = ents_[e];
    const std::string& key = en.key;
    bool match = false;
    if (!phrase_key.empty() && key.size() > phrase_key.size() &&
        key.compare(key.size() - phrase_key.size(), phrase_key.size(), phrase_key) == 0 &&
        key[key.size() - phrase_key.size() - 1] == ' ')
      match = true;
    if (!match && !phrase_key.empty()) {
      // "Action Plan" inside "Global AI Governance Action Plan 2025"
      size_t pos = key.find(spaced_phrase);
      if (pos != std::string::npos) {
        std::string_view rest = std::string_view(key).substr(pos + 1 + phrase_key.size());
        match = rest.empty() || std::all_of(rest.begin(), rest.end(), [](char c) { return c == ' ' || (c >= '0' && c <= '9'); });
      }
    }
    if (!match && phrase_key.empty() && !head.empty()) match = en.head == head || (en.head.empty() && key.ends_with(head));
    // "the Recommendation" -> "Recommendation of the Council on Artificial Intelligence"
    if (!match && !phrase_key.empty() && !en.head.empty() && en.head == phrase_key && key.starts_with(phrase_spaced))
      match = true;
    if (!match) continue;
    uint32_t seen = last_seen_[e] == kNotSeen ? en.first_sentence : last_seen_[e];
    if (seen > sent && best != kNone) continue;
    if (best == kNone || (seen <= sent && (best_seen > sent || seen > best_seen))) {
      best = e;
      best_seen = seen;
    }
  }
  return best;
}

// ---- recognisers -------------------------------------------------------------------------

// "resolution 78/265", "Regulation (EU) 2024/1689", "78th session": a head noun with an
// identifier number names an instrument or a meeting even in lower case.
uint32_t Extractor::TryNumberedName(uint32_t s, uint32_t i) {
  // both forms below start with a head noun or a number glued to a word ("78th")
  if (!W(i, kWHeadNouns) && !(T(i).Is(kNumber) && T(i).Is(kWord))) return i;
  uint32_t end = SentenceEnd(s);
  static const std::string kNoType;
  auto head_type = [&](uint32_t k) -> const std::string& {
    if (!W(k, kWHeadNouns)) return kNoType;
    auto it = r_.head_nouns.find(T(k).lower());
    return it == r_.head_nouns.end() ? kNoType : it->second;
  };
  auto is_id = [&](uint32_t k) {
    return k < end && T(k).Is(kNumber) && !T(k).Is(kWord) && (T(k).norm().find('/') != std::string::npos || T(k).norm().size() >= 2) &&
           !IsYear(k);
  };
  auto is_slash_id = [&](uint32_t k) { return k < end && T(k).Is(kNumber) && T(k).norm().find('/') != std::string::npos; };
  // head noun + identifier: "resolution 78/265", "Resolution 78/311"
  if (T(i).Is(kWord) && !T(i).Is(kAllCaps)) {
    const std::string& type = head_type(i);
    if ((type == "policy" || type == "plan") && (is_slash_id(i + 1) || (is_id(i + 1) && T(i).Is(kCap)))) {
      if (!Free(i, i + 2)) return i;
      // "the Assembly's Resolution 78/265" or "resolution 78/265": one entity either way
      std::string name = AsciiLower(T(i).norm()) + " " + std::string(T(i + 1).norm());
      std::string key = graph::NormalizeKey(name);
      int e = kNone;
      auto lf = local_forms_.find(key);
      if (lf != local_forms_.end()) e = lf->second;
      if (e == kNone) e = AddEntity(Surface(i, i + 2), type, s);
      SetLocalForm(key, e);
      ents_[e].lower_ok = true;
      ents_[e].head = T(i).lower();
      if (FoldPunctuation(Surface(i, i + 2)) != ents_[e].name) AddAlias(e, Surface(i, i + 2), false);
      AddMention(i, i + 2, e, s);
      return i + 2;
    }
  }
  // ordinal number + lower-case event or body noun: "78th session", "29th Conference"
  if (T(i).Is(kNumber) && T(i).Is(kWord) && i + 1 < end && T(i + 1).Is(kWord)) {
    std::string_view n = T(i).lower();
    bool ordinal = n.ends_with("th") || n.ends_with("st") || n.ends_with("nd") || n.ends_with("rd");
    const std::string& type = head_type(i + 1);
    if (ordinal && type == "event" && Free(i, i + 2)) {
      int e = AddEntity(Surface(i, i + 2), type, s);
      ents_[e].lower_ok = true;
      SetLocalForm(graph::NormalizeKey(Surface(i, i + 2)), e);
      AddMention(i, i + 2, e, s);
      return i + 2;
    }
  }
  return i;
}

// "Linda Thomas-Greenfield, the Permanent Representative of ...": an unknown capitalised name
// followed by a title in apposition is a person.
uint32_t Extractor::TryAppositivePerson(uint32_t s, uint32_t i) {
  uint32_t end = SentenceEnd(s);
  if (!IsCapWord(i) || T(i).Is(kAllCaps)) return i;
  uint32_t p = i;
  while (p < end && p < i + 4 && IsCapWord(p) && !T(p).Is(kAllCaps) && !W(p, kWHeadNouns)) ++p;
  if (p - i < 2 || !Punct(p, ",")) return i;
  if (W(i, kWSentenceStarters) || GazMatch(i, end)) return i;
  for (uint32_t q = i; q < p; ++q)
    if (W(q, kWCommonWords) && !T(q).Is(kHyphenated)) return i;
  uint32_t t = p + 1;
  if (Lower(t, "the")) ++t;
  std::string title;
  uint32_t t_end = TitleAt(t, end, &title);
  if (t_end == t) return i;
  if (!Free(i, p)) return i;
  int person = AddEntity(Surface(i, p), "person", s);
  AddMention(i, p, person, s);
  uint32_t role_end = TryTitlePerson(s, t);
  // the role phrase (if any) now holds a mention starting at t
  int rm = MentionAt(t);
  if (rm != kNone && role_end > t) {
    int role = mentions_[rm].entity;
    AddRelation(person, role, "has_role", s);
    for (const auto& r : rels_)
      if (static_cast<int>(r.source) == role && r.type == "represents") {
        AddRelation(person, static_cast<int>(r.target), "represents", s);
        break;
      }
    return role_end;
  }
  return p;
}

// A pronoun subject at token k: he/she -> the last person named; it -> the subject of the
// previous sentence (or this one) when that is a document, plan, body or event.
int Extractor::ResolvePronoun(uint32_t s, uint32_t k) const {
  std::string_view w = T(k).lower();
  auto last_of = [&](auto pred) -> int {
    for (uint32_t back = 0; back <= 2 && back <= s; ++back) {
      auto ms = SentenceMentions(s - back);
      int found = kNone;
      for (int m : ms) {
        if (back == 0 && mentions_[m].tb >= k) break;
        if (pred(mentions_[m].entity)) found = mentions_[m].entity;
      }
      if (found != kNone) return found;
    }
    return kNone;
  };
  if (w == "he" || w == "she") return last_of([&](int e) { return ents_[e].type == "person"; });
  if (w == "it") {
    for (uint32_t back = 0; back <= 2 && back <= s; ++back) {
      auto ms = SentenceMentions(s - back);
      for (int m : ms) {
        if (back == 0 && mentions_[m].tb >= k) break;
        int e = mentions_[m].entity;
        const std::string& t = ents_[e].type;
        if (t == "policy" || t == "plan" || t == "initiative" || t == "organization" || t == "event") return e;
        if (t != "date") break;  // the first real mention is the subject; only that one counts
      }
    }
  }
  return kNone;
}

// "The signatories included the United States, China and India": members of the document (or
// policy) under discussion.
void Extractor::GroupMembers(uint32_t s) {
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  static const SmallWordSet kGroups = {"signatories", "parties", "participants", "members", "co-sponsors",
                                                "endorsers", "signatory", "adherents"};
  static const SmallWordSet kVerbs = {"included", "include", "includes", "comprised", "comprise", "were",
                                               "are", "was", "is", "numbered"};
  for (uint32_t k = b; k + 2 < end; ++k) {
    if (T(k).lower().size() < 7 || !kGroups.count(T(k).lower()) || !kVerbs.count(T(k + 1).lower())) continue;
    auto ms = SentenceMentions(s);
    std::vector<int> items;
    for (int m : ms) {
      if (mentions_[m].tb <= k + 1) continue;
      const std::string& t = ents_[mentions_[m].entity].type;
      if (t == "country" || t == "organization") items.push_back(mentions_[m].entity);
    }
    if (items.empty()) return;
    int owner = kNone;
    for (uint32_t back = 0; back <= 3 && back <= s && owner == kNone; ++back)
      for (int m : SentenceMentions(s - back)) {
        int e = mentions_[m].entity;
        if (back == 0 && mentions_[m].tb > k) break;
        if (ents_[e].type == "policy" || ents_[e].type == "plan") owner = e;
      }
    if (owner == kNone) owner = OwnerFor(s, k, end, false);
    if (owner == kNone) return;
    for (int e : items) AddRelation(e, owner, "party_to", s);
    return;
  }
}

uint32_t Extractor::TryDate(uint32_t s, uint32_t i) {
  // every date below starts with a month name or a number
  if (!T(i).Is(kNumber) && !(T(i).Is(kCap) && W(i, kWMonths))) return i;
  uint32_t end = SentenceEnd(s);
  auto is_day = [&](uint32_t k) {
    return k < end && T(k).Is(kNumber) && !T(k).Is(kWord) && T(k).norm().size() <= 2;
  };
  auto is_month = [&](uint32_t k) { return k < end && T(k).Is(kCap) && W(k, kWMonths); };
  uint32_t k = i;
  if (is_month(k)) {
    // Month Day (to|- Day)? (, Year)? | Month Year
    uint32_t j = k + 1;
    if (is_day(j)) {
      ++j;
      if (j + 1 < end && (Lower(j, "to") || Punct(j, "-")) && is_day(j + 1)) j += 2;
      if (Punct(j, ",") && j + 1 < end && IsYear(j + 1)) j += 2;
      else if (j < end && IsYear(j)) ++j;
      k = j;
    } else if (j < end && IsYear(j)) {
      k = j + 1;
    } else {
      return i;
    }
  } else if (is_day(k)) {
    // Day ((to|and|-) Day)? Month Year?
    uint32_t j = k + 1;
    if (j + 1 < end && (Lower(j, "to") || Lower(j, "and") || Punct(j, "-")) && is_day(j + 1)) j += 2;
    if (!is_month(j)) return i;
    ++j;
    if (j < end && IsYear(j)) ++j;
    k = j;
  } else if (IsYear(k)) {
    // a bare year, not inside a name ("Policy 2025" is taken by the chunker first)
    if (i > sents_[s].token_begin && IsCapWord(i - 1)) return i;
    if (i + 1 < end && IsCapWord(i + 1) && !W(i + 1, kWMonths)) return i;
    k = i + 1;
  } else {
    return i;
  }
  if (!Free(i, k)) return i;
  int e = AddEntity(Surface(i, k), "date", s);
  AddMention(i, k, e, s);
  return k;
}

// (Demonym)? Title Cap+  -> person with role;  Title of (the)? X (in Place)? -> role entity.
uint32_t Extractor::TryTitlePerson(uint32_t s, uint32_t i) {
  // a title, or a demonym before one, starts the phrase
  if (!W(i, kWTitleStart) && !(T(i).Is(kCap) && W(i, kWDemonyms))) return i;
  uint32_t end = SentenceEnd(s);
  uint32_t k = i;
  int country = kNone;
  bool demonym = T(k).Is(kCap) && W(k, kWDemonyms);
  if (demonym) ++k;
  std::string title;
  uint32_t t_end = TitleAt(k, end, &title);
  if (t_end == k) return i;
  if (demonym) {
    std::string cname = r_.demonyms.find(T(i).lower())->second;
    country = FindEntity(graph::NormalizeKey(cname), "country");
    if (country == kNone) country = AddEntity(cname, "country", s);
  }
  // Role phrase: Title of (the)? Country/Org (in Place)?
  if (Lower(t_end, "of") || Lower(t_end, "for")) {
    uint32_t j = t_end + 1;
    if (Lower(j, "the")) ++j;
    auto g = GazMatch(j, end);
    uint32_t g_end = 0;
    int target = kNone;
    if (g && (r_.entries[g->second->entry].type == "country" || r_.entries[g->second->entry].type == "organization")) {
      g_end = g->first;
      const GazEntry& ge = r_.entries[g->second->entry];
      target = AddEntity(ge.name, ge.type, s);
    } else if (uint32_t c_end = ChunkEnd(j, end); c_end > j) {
      std::string head;
      std::string type = HeadType(j, c_end, &head);
      if (type == "organization" || type == "country") {
        g_end = c_end;
        target = AddEntity(Surface(j, c_end), type, s);
      }
    }
    if (target != kNone && g_end > 0) {
      uint32_t role_end = g_end;
      int place = kNone;
      uint32_t p_b = 0, p_e = 0;
      if (Lower(role_end, "in")) {
        auto pg = GazMatch(role_end + 1, end);
        if (pg && (r_.entries[pg->second->entry].type == "place" || r_.entries[pg->second->entry].type == "country")) {
          p_b = role_end + 1;
          p_e = pg->first;
          place = AddEntity(r_.entries[pg->second->entry].name, r_.entries[pg->second->entry].type, s);
          role_end = pg->first;
        }
      }
      if (!Free(i, role_end)) return i;
      std::string name(Surface(k, role_end));
      int role = AddEntity(name, "role", s);
      AddAlias(role, title, false);
      AddMention(k, role_end, role, s);
      AddNested(j, g_end, target, s, role);
      if (place != kNone) AddNested(p_b, p_e, place, s, role);
      AddRelation(role, target, "represents", s);
      if (place != kNone) AddRelation(role, place, "located_in", s);
      if (country != kNone) AddRelation(role, country, "represents", s);
      return role_end;
    }
  }
  // Person after the title: 1-4 capitalised words that are not a known name of another type.
  uint32_t p = t_end;
  while (p < end && p < t_end + 4 && IsCapWord(p) && !T(p).Is(kAllCaps)) {
    auto g = GazMatch(p, end);
    if (g && r_.entries[g->second->entry].type != "person") break;
    if (!W(p, kWHeadNouns) || p > t_end) {
      ++p;
    } else {
      break;
    }
  }
  if (p == t_end) {
    // a bare title ("the Premier said"): a role mention when capitalised mid-sentence
    if (country == kNone && k == i && i > sents_[s].token_begin && Free(i, t_end)) {
      int role = AddEntity(title, "role", s);
      AddMention(i, t_end, role, s);
      return t_end;
    }
    return i;
  }
  if (!Free(i, p)) return i;
  int role = AddEntity(title, "role", s);
  if (country != kNone) AddAlias(role, Surface(i, t_end), true);
  AddMention(k, t_end, role, s);
  int person = AddEntity(Surface(t_end, p), "person", s);
  AddMention(t_end, p, person, s);
  if (country != kNone && Free(i, i + 1)) AddMention(i, i + 1, country, s);
  AddRelation(person, role, "has_role", s);
  if (country != kNone) AddRelation(person, country, "affiliated_with", s);
  // "... Xi Jinping of China"
  if (Lower(p, "of")) {
    uint32_t j = p + 1;
    if (Lower(j, "the")) ++j;
    auto g = GazMatch(j, end);
    if (g && (r_.entries[g->second->entry].type == "country" || r_.entries[g->second->entry].type == "organization") &&
        Free(j, g->first)) {
      const GazEntry& ge = r_.entries[g->second->entry];
      int c = AddEntity(ge.name, ge.type, s);
      AddMention(j, g->first, c, s);
      AddRelation(person, c, "affiliated_with", s);
      return g->first;
    }
  }
  // "Li Qiang, Premier of China" is handled by the chunker and the role phrase
  return p;
}

// (Demonym)? (lower words){0,3} org-cue Cap+  -> organization ("Chinese tech giant Huawei").
uint32_t Extractor::TryOrgCue(uint32_t s, uint32_t i) {
  uint32_t end = SentenceEnd(s);
  if (!IsLowerWord(i) || !W(i, kWOrgCues)) return i;
  uint32_t j = i + 1;
  uint32_t c_end = ChunkEnd(j, end);
  if (c_end == j || !Free(j, c_end)) return i;
  auto g = GazMatch(j, end);
  if (g && g->first >= c_end && r_.entries[g->second->entry].type != "organization") return i;
  int org = g && g->first >= c_end ? AddEntity(r_.entries[g->second->entry].name, "organization", s)
                                   : AddEntity(Surface(j, c_end), "organization", s);
  AddMention(j, c_end, org, s);
  // a demonym before the cue gives the country ("Chinese tech giant Huawei")
  for (uint32_t b = i; b > sents_[s].token_begin && b + 4 > i; --b) {
    const Token& t = T(b - 1);
    if (t.Is(kCap) && W(b - 1, kWDemonyms)) {
      int c = DemonymCountry(b - 1, s);
      AddRelation(org, c, "based_in", s);
      break;
    }
    if (!IsLowerWord(b - 1)) break;
  }
  return c_end;
}

// "China-Pakistan (AI) cooperation (in AI)" -> an initiative; "China-Pakistan" alone -> both.
uint32_t Extractor::TryCountryPair(uint32_t s, uint32_t i) {
  const Token& t = T(i);
  if (!t.Is(kHyphenated) || !t.Is(kCap)) return i;
  size_t dash = t.lower().find('-');
  if (dash == std::string::npos || t.lower().find('-', dash + 1) != std::string::npos) return i;
  auto country_of = [&](std::string_view w) -> int {
    auto it = r_.forms.find(w);
    if (it == r_.forms.end()) return kNone;
    for (const auto& f : it->second)
      if (r_.entries[f.entry].type == "country") return static_cast<int>(f.entry);
    return kNone;
  };
  int a = country_of(t.lower().substr(0, dash)), b = country_of(t.lower().substr(dash + 1));
  if (a == kNone || b == kNone) return i;
  uint32_t end = SentenceEnd(s);
  // a capitalised name follows: leave it to the chunker ("China-Pakistan Economic Corridor")
  if (i + 1 < end && IsCapWord(i + 1) && !T(i + 1).Is(kAllCaps)) return i;
  int ca = AddEntity(r_.entries[a].name, "country", s);
  int cb = AddEntity(r_.entries[b].name, "country", s);
  // the two countries as mentions of the parts of the hyphenated word
  auto add_parts = [&](int container) {
    uint32_t split = t.span.start;
    while (split < t.span.end && text_[split] != '-' && static_cast<unsigned char>(text_[split]) < 0x80) ++split;
    uint32_t after = split;
    while (after < t.span.end && !((text_[after] >= 'A' && text_[after] <= 'Z') || (text_[after] >= 'a' && text_[after] <= 'z'))) ++after;
    nested_.push_back(Mention{i, i + 1, s, ca, false, t.span.start, split});
    nested_owner_.push_back(container);
    nested_.push_back(Mention{i, i + 1, s, cb, false, after, t.span.end});
    nested_owner_.push_back(container);
  };
  uint32_t j = i + 1;
  while (j < end && j < i + 3 && T(j).Is(kWord) && !W(j, kWPrepositions) &&
         (T(j).Is(kAllCaps) || IsLowerWord(j)) && !W(j, kWConnectors)) {
    if (T(j).lower() == "cooperation" || T(j).lower() == "collaboration" || T(j).lower() == "partnership") break;
    ++j;
  }
  if (j < end && (T(j).lower() == "cooperation" || T(j).lower() == "collaboration" || T(j).lower() == "partnership") &&
      Free(i, j + 1)) {
    uint32_t stop = j + 1;
    // "cooperation in AI": the field completes the name
    if (Lower(stop, "in") && stop + 1 < end) {
      auto g = GazMatch(stop + 1, end);
      if (g && r_.entries[g->second->entry].type == "technology") stop = g->first;
    }
    std::string pair_key = "pair:" + r_.entries[a].name + "|" + r_.entries[b].name + "|" + std::string(T(j).lower());
    int e;
    auto it = local_forms_.find(pair_key);
    if (it != local_forms_.end()) {
      e = it->second;
      AddAlias(e, Surface(i, stop), false);
      if (FindEntity(graph::NormalizeKey(Surface(i, stop)), "initiative") == kNone)
        AddKey(graph::NormalizeKey(Surface(i, stop)), e);
    } else {
      e = AddEntity(Surface(i, stop), "initiative", s);
      SetLocalForm(pair_key, e);
      ents_[e].head = T(j).lower();
      ents_[e].lower_ok = true;
    }
    AddMention(i, stop, e, s);
    add_parts(e);
    // its short form without the countries ("AI cooperation") refers to it in this document
    if (stop - i >= 3 || (stop - i == 2 && T(i + 1).Is(kAllCaps))) {
      std::string short_key = graph::NormalizeKey(Surface(i + 1, stop));
      if (short_key.find(' ') != std::string::npos && !local_forms_.count(short_key)) SetLocalForm(short_key, e);
    }
    AddRelation(ca, cb, "cooperates_with", s);
    AddRelation(ca, e, "party_to", s);
    AddRelation(cb, e, "party_to", s);
    return stop;
  }
  // a bare pair ("China-Pakistan friendship"): the two countries cooperate
  AddRelation(ca, cb, "cooperates_with", s);
  return i;
}

// "Pakistan's AI policy" -> the policy of that owner named earlier.
uint32_t Extractor::TryPossessiveDescription(uint32_t s, uint32_t i) {
  uint32_t end = SentenceEnd(s);
  if (!(T(i).Is(kPossessive))) return i;
  uint32_t j = i + 1;
  uint32_t k = j;
  while (k < end && k < j + 3 && (IsLowerWord(k) || T(k).Is(kAllCaps)) && !W(k, kWHeadNouns)) ++k;
  if (k >= end || !IsLowerWord(k)) return i;
  auto it = W(k, kWHeadNouns) ? r_.head_nouns.find(T(k).lower()) : r_.head_nouns.end();
  if (it == r_.head_nouns.end()) return i;
  std::string type = it->second;
  if (type != "policy" && type != "plan" && type != "initiative") return i;
  // "strategy to ..." and "proposal to ..." are purpose phrases, handled by PurposeNouns
  if (Lower(k + 1, "to")) return i;
  int e = ResolveDescription("", type, std::string(T(k).lower()), s);
  if (e == kNone || !Free(j, k + 1)) return i;
  int possessor = MentionAt(i - 1);
  uint32_t from = possessor != kNone ? mentions_[possessor].tb : j;
  AddAlias(e, Surface(from, k + 1), true);
  AddMention(j, k + 1, e, s);
  return k + 1;
}

// "the conference", "the Plan", "the Declaration" -> the entity named earlier.
uint32_t Extractor::TryDefinite(uint32_t s, uint32_t i) {
  if (!(T(i).lower() == "the" || T(i).lower() == "this")) return i;
  uint32_t end = SentenceEnd(s);
  uint32_t j = i + 1;
  if (j >= end || !T(j).Is(kWord)) return i;
  // "the Action Plan", "the Plan": capitalised words ending in a head noun
  uint32_t c_end = ChunkEnd(j, end);
  if (c_end > j) {
    std::string head;
    std::string type = HeadType(j, c_end, &head);
    if (type.empty() || !Free(j, c_end)) return i;
    std::string phrase = graph::NormalizeKey(Surface(j, c_end));
    if (FindEntity(phrase, type) != kNone) return i;  // a full name: the chunker takes it
    if (auto g = GazMatch(j, end); g && g->first >= c_end) return i;
    int e = ResolveDescription(phrase, type, "", s);
    if (e == kNone) return i;
    AddAlias(e, Surface(i, c_end), true);
    AddMention(j, c_end, e, s);
    return c_end;
  }
  if (!IsLowerWord(j)) return i;
  auto it = W(j, kWDefiniteHeads) ? r_.definite_heads.find(T(j).lower()) : r_.definite_heads.end();
  if (it == r_.definite_heads.end()) return i;
  if (j + 1 < end && (T(j + 1).Is(kWord) && !W(j + 1, kWPrepositions) &&
                      !W(j + 1, kWClauseVerbs) && !W(j + 1, kWVerbIndex) &&
                      T(j + 1).lower() != "and" && T(j + 1).lower() != "which"))
    return i;  // "the conference room": not a reference
  if (Lower(j + 1, "of") || Lower(j + 1, "on")) return i;  // "the plan of ..." introduces a new one
  int e = ResolveDescription("", it->second, std::string(T(j).lower()), s);
  if (e == kNone) e = ResolveDescription("", it->second, "", s);
  if (e == kNone || !Free(j, j + 1)) return i;
  AddMention(j, j + 1, e, s);
  return j + 1;
}

uint32_t Extractor::TryGazetteer(uint32_t s, uint32_t i, bool named_only) {
  auto g = GazMatch(i, SentenceEnd(s));
  if (!g) return i;
  const GazEntry& ge = r_.entries[g->second->entry];
  if (named_only && (ge.type == "sector" || ge.type == "technology" || ge.type == "principle")) return i;
  if (!Free(i, g->first)) return i;
  if (r_.entry_stopped[g->second->entry]) return i;
  int e = AddEntity(ge.name, ge.type, s);
  if (!SameFolded(Surface(i, g->first), ge.name)) AddAlias(e, Surface(i, g->first), false);
  int m = AddMention(i, g->first, e, s);
  TryAcronym(s, m);
  // demonym + government: the country ("Chinese government")
  return g->first;
}

// The capitalised phrase at i, typed by the gazetteer, a title or its head noun.
uint32_t Extractor::TryChunk(uint32_t s, uint32_t i) {
  uint32_t end = SentenceEnd(s);
  if (!IsCapWord(i) && !T(i).Is(kInitialism)) return i;
  uint32_t b = i;
  uint32_t c_end = ChunkEnd(b, end);
  if (c_end == b) return i;
  // sentence-initial function words and demonyms do not start names
  bool sentence_start = (b == content_begin_[s]) || (b > sents_[s].token_begin && T(b - 1).Is(kOpenQuote) && b - 1 == content_begin_[s]);
  while (b < c_end && (W(b, kWSentenceStarters) ||
                       (W(b, kWDemonyms) && b + 1 < c_end))) {
    if (W(b, kWDemonyms)) break;
    ++b;
  }
  if (b == c_end) return c_end;
  auto g = GazMatch(b, end);
  if (g && g->first >= c_end) {
    // the gazetteer knows the whole phrase (or more)
    return TryGazetteer(s, b, false) > b ? g->first : i;
  }
  std::string head;
  std::string type = HeadType(b, c_end, &head);
  if (!type.empty())
    for (const auto& tail : r_.name_tails)
      if (StartsWithPhrase(c_end, end, tail)) {
        c_end += static_cast<uint32_t>(tail.size());
        break;
      }
  uint32_t name_b = b;
  // "Chinese Action Plan": the demonym qualifies the name (and names its country)
  const bool demonym = W(b, kWDemonyms) && b + 1 < c_end;
  if (demonym) name_b = b + 1;
  if (type.empty()) {
    // an acronym defined earlier in this document
    if (c_end - b == 1) {
      auto it = local_forms_.find(T(b).lower());
      if (it != local_forms_.end() && T(b).Is(kAllCaps) && Free(b, c_end)) {
        AddMention(b, c_end, it->second, s);
        return c_end;
      }
    }
    // a known entity name from this document
    graph::NormalizeKeyInto(Surface(b, c_end), &lookup_key_);
    auto lf = local_forms_.find(lookup_key_);
    if (lf != local_forms_.end() && Free(b, c_end)) {
      AddMention(b, c_end, lf->second, s);
      return c_end;
    }
    // untyped: leave the words to the gazetteer (inner names) and drop the rest
    if (sentence_start && c_end - b == 1 && W(b, kWCommonWords)) return c_end;
    return i;
  }
  if (!Free(name_b, c_end)) return i;
  std::string_view name = Surface(name_b, c_end);
  std::string key = graph::NormalizeKey(name);
  if (r_.stop_entities.count(key)) return c_end;
  int e = FindEntity(key, type);
  if (e == kNone) {
    // a shorter form of a name given earlier ("Action Plan" after "Global AI Governance Action Plan")
    int earlier = ResolveDescription(key, type, "", s);
    if (earlier != kNone) {
      e = earlier;
      AddAlias(e, Surface(b, c_end), true);
    }
  }
  if (e == kNone) {
    // a bare head noun ("Declaration", "Council") is a reference, never a new name
    bool bare = c_end - name_b == 1 || (c_end - name_b <= 3 && graph::NormalizeKey(head) == key);
    if (bare && !Lower(c_end, "between")) return c_end;
    e = AddEntity(name, type, s);
    ents_[e].head = head;
  }
  if (name_b != b) AddAlias(e, Surface(b, c_end), true);
  int m = AddMention(name_b, c_end, e, s);
  if (demonym && m != kNone) DemonymCountry(b, s);
  TryAcronym(s, m);
  // "Joint Statement between China and Pakistan": the parties are part of the name
  if (Lower(c_end, "between") && (type == "policy" || type == "initiative" || type == "event")) {
    uint32_t j = c_end + 1;
    auto g1 = GazMatch(j, end);
    if (g1 && Lower(g1->first, "and")) {
      auto g2 = GazMatch(g1->first + 1, end);
      if (g2) {
        const GazEntry& e1 = r_.entries[g1->second->entry];
        const GazEntry& e2 = r_.entries[g2->second->entry];
        if ((e1.type == "country" || e1.type == "organization") && (e2.type == "country" || e2.type == "organization")) {
          uint32_t full_end = g2->first;
          std::string full(Surface(name_b, full_end));
          // rename the entity to its full name, keeping the short one as an alias
          mentions_[m].entity = kNone;
          for (uint32_t k = name_b; k < c_end; ++k) owner_[k] = kNone;
          int fe = FindEntity(graph::NormalizeKey(full), type);
          if (fe == kNone) {
            if (ents_[e].name == name && ents_[e].aliases.empty() && ents_[e].first_sentence == s) {
              ents_[e].name = full;
              ents_[e].key = graph::NormalizeKey(full);
              SetKeyType(ents_[e].key, type, e);
              AddKey(ents_[e].key, e);
              fe = e;
            } else {
              fe = AddEntity(full, type, s);
            }
          }
          int p1 = AddEntity(e1.name, e1.type, s), p2 = AddEntity(e2.name, e2.type, s);
          AddMention(name_b, full_end, fe, s);
          AddNested(j, g1->first, p1, s, fe);
          AddNested(g1->first + 1, g2->first, p2, s, fe);
          AddRelation(p1, fe, "party_to", s);
          AddRelation(p2, fe, "party_to", s);
          SetLocalForm(key, fe);
          return full_end;
        }
      }
    }
  }
  SetLocalForm(key, e);
  return c_end;
}

// "Long Form (LF)": LF becomes an alias of the mention's entity (Schwartz & Hearst).
void Extractor::TryAcronym(uint32_t s, int mention) {
  if (mention == kNone) return;
  const Mention& m = mentions_[mention];
  uint32_t end = SentenceEnd(s);
  uint32_t p = m.te;
  if (!(Punct(p, "(") && p + 2 < end + 1 && p + 1 < end && Punct(p + 2, ")"))) return;
  const Token& a = T(p + 1);
  if (!a.Is(kWord) || !(a.Is(kAllCaps) || a.Is(kCap))) return;
  std::string sf;
  for (char c : a.norm())
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) sf += c;
  if (sf.size() < 2 || sf.size() > 10) return;
  // letters of the short form, right to left, inside the long form; the first starts a word
  std::string lf = AsciiLower(std::string(Surface(m.tb, m.te)));
  std::string sfl = AsciiLower(sf);
  int li = static_cast<int>(lf.size()) - 1;
  for (int si = static_cast<int>(sfl.size()) - 1; si >= 0; --si) {
    char c = sfl[si];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) continue;
    while (li >= 0 && (lf[li] != c || (si == 0 && li > 0 && std::isalnum(static_cast<unsigned char>(lf[li - 1])))))
      --li;
    if (li < 0) return;
    --li;
  }
  int e = m.entity;
  if (e == kNone) return;
  AddAlias(e, a.norm(), false);
  SetLocalForm(std::string(a.lower()), e);
  if (Free(p + 1, p + 2)) AddMention(p + 1, p + 2, e, s);
}

// ---- lists -------------------------------------------------------------------------------

// Splits tokens [tb, te) into items at top-level commas/semicolons and a final "and"/"or".
std::vector<std::pair<uint32_t, uint32_t>> Extractor::SplitItems(uint32_t tb, uint32_t te, int expected) const {
  std::vector<std::pair<uint32_t, uint32_t>> items;
  uint32_t b = tb;
  int depth = 0;
  for (uint32_t k = tb; k < te; ++k) {
    const Token& t = T(k);
    if (t.Is(kPunct) && t.norm() == "(") ++depth;
    if (t.Is(kPunct) && t.norm() == ")") depth = std::max(0, depth - 1);
    if (depth == 0 && t.Is(kPunct) && (t.norm() == "," || t.norm() == ";")) {
      if (k > b) items.push_back({b, k});
      b = k + 1;
    }
  }
  if (te > b) items.push_back({b, te});
  // strip leading "and"/"or" and surrounding quotes
  for (auto& [ib, ie] : items) {
    while (ib < ie && (T(ib).lower() == "and" || T(ib).lower() == "or" || T(ib).Is(kOpenQuote) || T(ib).Is(kCloseQuote) ||
                       (T(ib).Is(kPunct) && T(ib).norm() == "\"")))
      ++ib;
    while (ie > ib && (T(ie - 1).Is(kPunct)) && T(ie - 1).norm() != ")") --ie;
  }
  std::erase_if(items, [](const auto& p) { return p.second <= p.first; });
  // "a, b and c" (no comma before the last item): split the last item at its " and "
  if (!items.empty() && (expected < 0 || static_cast<int>(items.size()) < expected)) {
    auto [lb, le] = items.back();
    for (uint32_t k = le; k-- > lb + 1;) {
      if ((T(k).lower() == "and" || T(k).lower() == "or") && k + 1 < le) {
        bool split = expected > 0 ? static_cast<int>(items.size()) + 1 == expected : items.size() >= 2;
        // without a count, split only when both sides are short like the other items
        if (!split) break;
        items.back() = {lb, k};
        items.push_back({k + 1, le});
        break;
      }
    }
  }
  return items;
}

// The name part of a long list item: up to punctuation, or to an adjunct that starts after the
// third word ("... through open experimentation", "... while protecting ...", "... that
// involves ...", "... and supporting ...", "... in areas such as ...").
uint32_t Extractor::TrimItem(uint32_t tb, uint32_t te) const {
  static const SmallWordSet kAlways = {"through", "while", "that", "which", "whereby", "via", "so",
                                                "thereby", "whilst", "where", "when", "because", "such", "including"};
  uint32_t words = 0;
  for (uint32_t k = tb; k < te; ++k) {
    const Token& t = T(k);
    if (t.Is(kPunct) && (t.norm() == "," || t.norm() == ";" || t.norm() == ":" || t.norm() == "." || t.norm() == "(" ||
                         (t.norm() == "-" && t.span.start > T(k - 1).span.end))) {
      // "fostering an inclusive, open ..." : a comma inside a series of modifiers is no end
      if (t.norm() == "," && k > tb && words < 3) continue;
      if (t.norm() == "," && k > tb) {
        std::string_view w = T(k - 1).lower();
        static const char* const kAdj[] = {"ive", "ible", "able", "al", "ful", "ous", "ic", "ent", "ant", "ure", "ly"};
        bool adjective = false;
        for (const char* suf : kAdj) adjective |= w.size() > 4 && w.ends_with(suf);
        if (adjective && k + 1 < te && IsLowerWord(k + 1)) continue;
      }
      return k;
    }
    if (t.Is(kWord) && words >= 3) {
      if (kAlways.count(t.lower())) return k;
      if (t.lower() == "and" && k + 1 < te && IsGerund(k + 1) && IsGerund(tb)) return k;
      bool after_conjunction = k > tb && (T(k - 1).lower() == "and" || T(k - 1).lower() == "or");
      if (words >= 4 && !after_conjunction &&
          (t.lower() == "in" || t.lower() == "for" || t.lower() == "with" || t.lower() == "across") && k + 1 < te &&
          !T(k + 1).Is(kCap))
        return k;
    }
    if (t.Is(kWord)) ++words;
  }
  return te;
}

int Extractor::ItemEntity(uint32_t tb, uint32_t te, const std::string& type, uint32_t s) {
  // an item that is a gazetteer term keeps its type ("agriculture" is a sector)
  auto g = GazMatch(tb, te);
  if (g && g->first == te) {
    const GazEntry& ge = r_.entries[g->second->entry];
    return AddEntity(ge.name, ge.type, s);
  }
  std::string_view name = Surface(tb, te);
  std::string key = graph::NormalizeKey(name);
  auto lf = local_forms_.find(key);
  if (lf != local_forms_.end()) return lf->second;
  int e = AddEntity(name, type, s);
  SetLocalForm(key, e);
  // "ensuring safety and controllability" is also named "safety and controllability"
  if (te - tb >= 3 && IsGerund(tb)) {
    std::string rest = graph::NormalizeKey(Surface(tb + 1, te));
    if (!local_forms_.count(rest)) SetLocalForm(rest, e);
  }
  return e;
}

// The entity that owns a list in sentence s: an owner-type mention in the sentence outside the
// items (the one nearest before the items first), else the topic of the previous sentences,
// else the document's own entity.
int Extractor::OwnerFor(uint32_t s, uint32_t avoid_tb, uint32_t avoid_te, bool allow_measure) const {
  auto owner_type = [&](int e) {
    if (e == kNone) return false;
    const std::string& t = ents_[e].type;
    return r_.owner_types.count(t) > 0 || (allow_measure && (t == "measure"));
  };
  int best = kNone;
  for (int m : SentenceMentions(s)) {
    const Mention& mm = mentions_[m];
    if (mm.tb >= avoid_tb && mm.te <= avoid_te) continue;
    if (!owner_type(mm.entity)) continue;
    if (mm.tb < avoid_tb) {
      best = mm.entity;  // the last one before the list
    } else if (best == kNone) {
      best = mm.entity;
      break;
    }
  }
  if (best != kNone) return best;
  // previous sentences (same paragraph region): the most recent plan/policy/initiative
  for (uint32_t back = 1; back <= 3 && back <= s; ++back) {
    int found = kNone;
    for (int m : SentenceMentions(s - back)) {
      int e = mentions_[m].entity;
      if (e == kNone) continue;
      const std::string& t = ents_[e].type;
      if (t == "plan" || t == "policy" || t == "initiative") found = e;
    }
    if (found != kNone) return found;
  }
  // the document's own entity (its title)
  if (!title_key_) title_key_ = graph::NormalizeKey(doc_.title);
  const std::string& title_key = *title_key_;
  for (int e = 0; e < static_cast<int>(ents_.size()); ++e)
    if (ents_[e].key == title_key) return e;
  return kNone;
}

// The bulleted or numbered lines after a lead-in sentence s: each an item of `owner`. With no
// item type (no cue noun in the lead-in) only items that read as actions (a gerund or a verb
// first) or that the gazetteer knows are taken.
void Extractor::BulletList(uint32_t s, int owner, const std::string& item_type, const std::string& rel) {
        for (uint32_t n = s + 1; n < sents_.size() && list_item_[n]; ++n) {
          uint32_t ib = content_begin_[n], ie = SentenceEnd(n);
          // bold markers "**Transparency**"
          while (ib < ie && T(ib).Is(kPunct) && (T(ib).norm() == "*" || T(ib).norm() == "_")) ++ib;
          // the item: the line up to ";" / "." / ":" (a definition follows a colon); its short
          // name cuts at the first comma or adjunct and is kept as the label
          uint32_t full = ib;
          while (full < ie && !(T(full).Is(kPunct) && (T(full).norm() == ";" || T(full).norm() == "." || T(full).norm() == ":")))
            ++full;
          while (full > ib && T(full - 1).Is(kPunct) && T(full - 1).norm() != ")") --full;
          uint32_t stop = TrimItem(ib, full);
          while (stop > ib && T(stop - 1).Is(kPunct)) --stop;
          // a short name must not end on a joining word ("AI for good and")
          if (stop < full && stop > ib && (W(stop - 1, kWPrepositions | kWConnectors) || T(stop - 1).lower() == "and" ||
                                           T(stop - 1).lower() == "or"))
            stop = full;
          if (stop <= ib || stop - ib > 16) continue;
          if (full - ib > 28) full = stop;
          std::string type = item_type;
          if (type.empty()) {
            auto g = GazMatch(ib, stop);
            if (g && g->first == stop) type = r_.entries[g->second->entry].type;
            else if (IsGerund(ib) || W(ib, kWActionVerbs)) type = "measure";
            else continue;
          }
          std::string item_rel = rel.empty() ? (r_.list_relations.count(type) ? r_.list_relations.at(type) : "includes") : rel;
          if (type == "country" || type == "organization") item_rel = "includes";
          int e = ItemEntity(ib, stop, type, n);
          if (full > stop) AddAlias(e, Surface(ib, full), false);
          AddMention(ib, full, e, n, true);
          AddRelation(owner, e, item_rel, n);
        }
}

void Extractor::Lists(uint32_t s) {
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  bool bulleted = false;
  for (uint32_t k = b; k < end; ++k) {
    if (!W(k, kWListCues | kWListCueLast) || !IsLowerWord(k)) continue;
    auto cue = r_.list_cues.end();
    if (k > b && W(k, kWListCueLast)) cue = r_.list_cues.find(std::string(T(k - 1).lower()) + " " + std::string(T(k).lower()));
    if (cue == r_.list_cues.end() && W(k, kWListCues)) cue = r_.list_cues.find(T(k).lower());
    if (cue == r_.list_cues.end()) continue;
    // a numeral within three words before the cue noun
    int expected = -1;
    uint32_t numeral = 0;  // token of the numeral cue, when expected > 0
    for (uint32_t j = k; j > b && j + 4 > k; --j) {
      const Token& t = T(j - 1);
      auto n = W(j - 1, kWNumerals) ? r_.numerals.find(t.lower()) : r_.numerals.end();
      if (n != r_.numerals.end()) {
        expected = n->second;
        numeral = j - 1;
        break;
      }
      if (t.Is(kNumber) && !t.Is(kWord) && t.norm().size() <= 3) {
        expected = std::stoi(std::string(t.norm()));
        numeral = j - 1;
        break;
      }
      if (!t.Is(kWord)) break;
    }
    // the list starts after ":" / "namely" / "are" / "include" (optionally quoted)
    uint32_t j = k + 1;
    uint32_t lim = std::min(end, k + 12);
    uint32_t start = 0;
    for (; j < lim; ++j) {
      if (Punct(j, ":")) {
        start = j + 1;
        break;
      }
      if (T(j).lower() == "namely" || T(j).lower() == "including") {
        start = j + 1;
        break;
      }
      if ((T(j).lower() == "are" || T(j).lower() == "include" || T(j).lower() == "comprise") && j + 1 < end &&
          (Punct(j + 1, ":") || T(j + 1).Is(kOpenQuote))) {
        start = j + 1 + (Punct(j + 1, ":") ? 1 : 0);
        break;
      }
      if (Punct(j, ".") || Punct(j, ";")) break;
    }
    const std::string& item_type = cue->second;
    auto rel_it = r_.list_relations.find(item_type);
    std::string rel = rel_it != r_.list_relations.end() ? rel_it->second : "includes";
    if (start == 0 || start >= end) {
      // a lead-in that ends the sentence with ":" and a bulleted list below it
      if ((start == end || (start == 0 && Punct(end - 1, ":"))) && s + 1 < sents_.size() && list_item_[s + 1]) {
        int owner = OwnerFor(s, k, k + 1, false);
        if (owner == kNone) continue;
        BulletList(s, owner, item_type, rel);
        bulleted = true;
        if (expected > 0) CountOf(owner, numeral, k, s);
      } else if (expected > 0 && start == 0) {
        // a count without a list: "outlines 13 concrete and actionable measures"
        for (uint32_t q = k; q > b && q + 4 > k; --q) {
          const Token& t = T(q - 1);
          if (t.Is(kNumber) && !t.Is(kWord)) {
            int owner = OwnerFor(s, q - 1, k + 1, false);
            if (owner == kNone) break;
            int num = AddEntity(t.norm(), "number", s);
            AddAlias(num, Surface(q - 1, k + 1), true);
            AddMention(q - 1, q, num, s);
            AddRelation(owner, num, "has_count", s);
            break;
          }
        }
      }
      continue;
    }
    // inline list: up to the sentence end, a closing quote, or a clause that is not an item
    uint32_t stop = end;
    bool quoted = T(start).Is(kOpenQuote) || (T(start).Is(kPunct) && T(start).norm() == "\"");
    if (quoted) {
      ++start;
      for (uint32_t q = start; q < end; ++q)
        if (T(q).Is(kCloseQuote) || (T(q).Is(kPunct) && T(q).norm() == "\"")) {
          stop = q;
          break;
        }
    }
    auto items = SplitItems(start, stop, expected);
    // the list ends at the first piece that starts like a clause ("with a view to ...")
    std::vector<std::pair<uint32_t, uint32_t>> kept;
    for (auto [ib, ie] : items) {
      if (W(ib, kWPrepositions) || T(ib).lower() == "which" || T(ib).lower() == "that" ||
          T(ib).lower() == "while" || T(ib).lower() == "as") break;
      // cut a trailing clause inside the item at a clause verb
      uint32_t cut = ie;
      for (uint32_t q = ib + 1; q < ie; ++q)
        if (W(q, kWClauseVerbs)) {
          cut = q;
          break;
        }
      while (cut > ib && T(cut - 1).Is(kPunct)) --cut;
      if (cut - ib > 14 || cut <= ib) break;
      kept.push_back({ib, cut});
    }
    if (kept.size() < 2) continue;
    int owner = OwnerFor(s, start, stop, false);
    if (owner == kNone) continue;
    for (auto [ib, ie] : kept) {
      int e = ItemEntity(ib, ie, item_type, s);
      AddMention(ib, ie, e, s, true);
      AddRelation(owner, e, rel, s);
    }
    if (expected > 0) CountOf(owner, numeral, k, s);
    k = stop;
  }
  // a lead-in with no cue noun ("... to take several kinds of action, including:")
  if (!bulleted && Punct(end - 1, ":") && s + 1 < sents_.size() && list_item_[s + 1]) {
    int owner = OwnerFor(s, end, end, false);
    if (owner != kNone) BulletList(s, owner, "", "");
  }
}

// "First is to ..., Second is to ..." (and "Firstly, ...") -> measures of the current topic.
void Extractor::Ordinals(uint32_t s) {
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  if (b >= end) return;
  auto it = W(b, kWOrdinals) ? r_.ordinals.find(T(b).lower()) : r_.ordinals.end();
  if (it == r_.ordinals.end() || !T(b).Is(kCap)) return;
  uint32_t j = b + 1;
  if (Punct(j, ",")) ++j;
  if (Lower(j, "is") || Lower(j, "we")) ++j;
  if (Lower(j, "to") || Lower(j, "should") || Lower(j, "will")) ++j;
  if (j >= end || !IsLowerWord(j)) return;
  // the item runs to the first comma, or to a purpose clause "to <verb>" after three words
  uint32_t stop = j;
  while (stop < end && !(T(stop).Is(kPunct) && (T(stop).norm() == "," || T(stop).norm() == ";" || T(stop).norm() == "." ||
                                                T(stop).norm() == ":"))) {
    if (stop >= j + 3 && T(stop).lower() == "to" && stop + 1 < end && IsLowerWord(stop + 1) &&
        !W(stop + 1, kWDefiniteHeads) && T(stop + 1).lower() != "the")
      break;
    ++stop;
  }
  if (stop - j < 2 || stop - j > 16) return;
  // the owner is the topic of the sentences before the first ordinal
  uint32_t first = s;
  int n = it->second;
  while (n > 1 && first > 0) {
    --first;
    uint32_t fb = content_begin_[first];
    auto o = W(fb, kWOrdinals) ? r_.ordinals.find(T(fb).lower()) : r_.ordinals.end();
    if (o != r_.ordinals.end()) n = o->second;
  }
  int owner = kNone;
  for (uint32_t back = 1; back <= 3 && back <= first && owner == kNone; ++back) {
    auto ms = SentenceMentions(first - back);
    for (auto m = ms.rbegin(); m != ms.rend(); ++m) {
      int e = mentions_[*m].entity;
      if (e != kNone && (ents_[e].type == "initiative" || ents_[e].type == "plan" || ents_[e].type == "policy")) {
        owner = e;
        break;
      }
    }
  }
  if (owner == kNone) owner = OwnerFor(s, j, stop, false);
  if (owner == kNone) return;
  int e = ItemEntity(j, stop, "measure", s);
  AddMention(j, stop, e, s, true);
  AddRelation(owner, e, "includes", s);
}

// "sectors such as agriculture, healthcare and education" -> items typed by the head noun.
void Extractor::Hearst(uint32_t s) {
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  for (uint32_t k = b + 1; k < end; ++k) {
    if (!W(k, kWHearstFirst)) continue;
    for (const auto& cue : r_.hearst_cues) {
      uint32_t n = static_cast<uint32_t>(cue.size());
      if (k + n > end) continue;
      bool match = true;
      for (uint32_t q = 0; q < n; ++q) match = match && T(k + q).lower() == cue[q];
      if (!match) continue;
      // the head noun just before the cue
      uint32_t h = k - 1;
      if (T(h).Is(kPunct) && T(h).norm() == "," && h > b) --h;
      auto head = W(h, kWHearstHeads) ? r_.hearst_heads.find(T(h).lower()) : r_.hearst_heads.end();
      std::string type = head != r_.hearst_heads.end() ? head->second : "";
      uint32_t start = k + n;
      uint32_t stop = start;
      while (stop < end && !(T(stop).Is(kPunct) && (T(stop).norm() == "." || T(stop).norm() == ";" || T(stop).norm() == ":")))
        ++stop;
      auto items = SplitItems(start, stop, -1);
      std::vector<int> ents;
      for (auto [ib, ie] : items) {
        if (W(ib, kWPrepositions) || T(ib).lower() == "which" || T(ib).lower() == "that") break;
        auto g = GazMatch(ib, ie);
        if (g && g->first == ie) {
          const GazEntry& ge = r_.entries[g->second->entry];
          int e = AddEntity(ge.name, ge.type, s);
          AddMentionOrNested(ib, ie, e, s);
          ents.push_back(e);
        } else if (!type.empty() && ie - ib <= 3 && IsLowerWord(ib)) {
          int e = ItemEntity(ib, ie, type, s);
          AddMentionOrNested(ib, ie, e, s);
          ents.push_back(e);
        } else if (ie - ib > 6) {
          break;  // a clause, not an example
        }
      }
      if (ents.size() < 2) continue;
      int owner = OwnerFor(s, h, stop, true);
      // the subject of the sentence owns the examples: the first owner-type mention
      auto ms = SentenceMentions(s);
      for (int m : ms) {
        int e = mentions_[m].entity;
        if (mentions_[m].tb >= k) break;
        if (e != kNone && (r_.owner_types.count(ents_[e].type) || ents_[e].type == "measure")) {
          owner = e;
          break;
        }
      }
      if (owner == kNone) continue;
      for (int e : ents) AddRelation(owner, e, "focuses_on", s);
    }
  }
}

// "<X>'s proposal to strengthen ..." -> a measure proposed by X; "strategy to ..." -> a plan.
void Extractor::PurposeNouns(uint32_t s) {
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  for (uint32_t k = b; k + 2 < end; ++k) {
    if (!W(k, kWPurposeNouns)) continue;
    auto pn = W(k, kWPurposeNouns) ? r_.purpose_nouns.find(T(k).lower()) : r_.purpose_nouns.end();
    if (pn == r_.purpose_nouns.end() || !IsLowerWord(k) || !Lower(k + 1, "to")) continue;
    uint32_t j = k + 2;
    bool quoted = false;
    if (T(j).Is(kOpenQuote) || (T(j).Is(kPunct) && T(j).norm() == "\"")) {
      quoted = true;
      ++j;
    }
    if (j >= end || !IsLowerWord(j)) continue;
    // the possessor: "China's proposal", "the Action Plan's call"
    int possessor = kNone;
    uint32_t from = k;
    if (k >= 2 && T(k - 1).Is(kPossessive) && MentionAt(k - 2) != kNone) {
      possessor = mentions_[MentionAt(k - 2)].entity;
      from = mentions_[MentionAt(k - 2)].tb;
    } else if (k >= 1 && (Lower(k - 1, "our") || Lower(k - 1, "its") || Lower(k - 1, "their"))) {
      int m = kNone;
      for (int x : SentenceMentions(s))
        if (mentions_[x].te <= k) m = x;
      if (m != kNone) possessor = mentions_[m].entity;
      // "The Joint Statement ... expresses our commitment": the first mention is the subject
      auto ms = SentenceMentions(s);
      if (!ms.empty() && mentions_[ms.front()].te <= k) possessor = mentions_[ms.front()].entity;
    }
    // the phrases: verb phrases joined by "and <verb>", each up to a clause verb or punctuation
    std::vector<std::pair<uint32_t, uint32_t>> vps;
    uint32_t q = j, vb = j;
    while (q < end) {
      const Token& t = T(q);
      if (quoted && (t.Is(kCloseQuote) || (t.Is(kPunct) && t.norm() == "\""))) break;
      if (t.Is(kPunct) && (t.norm() == "," || t.norm() == "." || t.norm() == ";" || t.norm() == ":")) {
        if (!quoted) break;
        ++q;
        continue;
      }
      if (q > vb + 1 && W(q, kWClauseVerbs)) break;
      // a finite verb of the main clause ("... links it to ...")
      if (q > vb + 1 && W(q, kWVerbIndex) && t.lower().ends_with("s") && !t.lower().ends_with("ss") &&
          T(q - 1).Is(kCap))
        break;
      if (q > vb && (t.lower() == "such" && Lower(q + 1, "as"))) break;
      if (!quoted && t.lower() == "and" && q + 1 < end && IsLowerWord(q + 1) && W(q + 1, kWActionVerbs)) {
        vps.push_back({vb, q});
        vb = q + 1;
      }
      ++q;
    }
    if (q > vb) vps.push_back({vb, q});
    const std::string& type = pn->second;
    auto rel_it = r_.purpose_relations.find(T(k).lower());
    std::string rel = rel_it != r_.purpose_relations.end() ? rel_it->second : "proposed";
    for (auto [pb, pe] : vps) {
      while (pe > pb && T(pe - 1).Is(kPunct)) --pe;
      if (pe - pb < 2 || pe - pb > 14) continue;
      int e;
      uint32_t mb = pb;
      if (type == "plan") {
        // a plan is named with its owner: "Pakistan's strategy to nurture AI professionals"
        std::string name(Surface(from, pe));
        e = AddEntity(name, type, s);
        mb = k;
      } else {
        e = ItemEntity(pb, pe, type, s);
      }
      AddMention(mb, pe, e, s, true);
      if (possessor != kNone) AddRelation(possessor, e, rel, s);
    }
  }
}

// "Pakistan emphasizes ethical frameworks, data sovereignty, and transparent governance."
void Extractor::VerbLists(uint32_t s) {
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  for (uint32_t k = b + 1; k + 3 < end; ++k) {
    if (!W(k, kWListVerbs)) continue;
    uint32_t start = k + 1;
    uint32_t stop = start;
    while (stop < end && !(T(stop).Is(kPunct) && (T(stop).norm() == "." || T(stop).norm() == ";" || T(stop).norm() == ":")))
      ++stop;
    auto items = SplitItems(start, stop, -1);
    std::vector<std::pair<uint32_t, uint32_t>> kept;
    for (auto [ib, ie] : items) {
      if (!IsLowerWord(ib) || W(ib, kWPrepositions) || T(ib).lower() == "which" || T(ib).lower() == "that")
        break;
      uint32_t cut = ie;
      for (uint32_t q = ib + 1; q < ie; ++q)
        if (W(q, kWClauseVerbs) || (T(q).Is(kWord) && W(q, kWVerbIndex)) || T(q).lower() == "as") {
          cut = q;
          break;
        }
      if (cut != ie) {
        if (cut - ib >= 1) kept.push_back({ib, cut});
        break;
      }
      if (ie - ib > 5) break;
      kept.push_back({ib, ie});
    }
    // only lists of three or more multi-word abstract phrases become principles
    if (kept.size() < 3) continue;
    bool multi = std::all_of(kept.begin(), kept.end(), [](auto p) { return p.second - p.first >= 2; });
    if (!multi && kept.size() < 4) continue;  // a long series of single words is a list too
    bool free = std::all_of(kept.begin(), kept.end(), [&](auto p) { return Free(p.first, p.second); });
    if (!free) continue;
    int subject = kNone;
    for (int m : SentenceMentions(s))
      if (mentions_[m].te <= k) subject = mentions_[m].entity;
    // "It lists ...": the pronoun's antecedent
    uint32_t p = k;
    while (p > b && W(p - 1, kWAdverbs)) --p;
    if (p > b && (T(p - 1).lower() == "it" || T(p - 1).lower() == "they")) {
      int antecedent = ResolvePronoun(s, p - 1);
      if (antecedent != kNone) subject = antecedent;
    }
    if (subject == kNone) continue;
    // a country speaking about its own policy: the policy in the previous sentences owns it too
    int topic = TopicFor(s, subject);
    for (auto [ib, ie] : kept) {
      int e = ItemEntity(ib, ie, "principle", s);
      AddMention(ib, ie, e, s, true);
      AddRelation(subject, e, "emphasizes", s);
      if (topic != kNone) AddRelation(topic, e, "emphasizes", s);
    }
    return;
  }
}

// The policy or plan a framed sentence ("In terms of X, Pakistan emphasizes ...") speaks about:
// one of `subject`'s own (released by it, or named "<subject>'s ... policy") mentioned in the
// previous three sentences. kNone when the sentence is not framed that way.
int Extractor::TopicFor(uint32_t s, int subject) const {
  if (subject == kNone || !(ents_[subject].type == "country" || ents_[subject].type == "organization")) return kNone;
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  if (!(T(b).lower() == "in" && b + 2 < end)) return kNone;
  uint32_t k = b + 1;
  if (Lower(k, "terms") && Lower(k + 1, "of")) k += 2;
  uint32_t words = 0;
  while (k < end && IsLowerWord(k) && words < 5) {
    ++k;
    ++words;
  }
  if (words == 0 || !Punct(k, ",")) return kNone;
  const std::string& subject_key = ents_[subject].key;
  for (uint32_t back = 1; back <= 3 && back <= s; ++back)
    for (int m : SentenceMentions(s - back)) {
      int e = mentions_[m].entity;
      if (e == kNone || !(ents_[e].type == "policy" || ents_[e].type == "plan")) continue;
      for (const auto& ak : ents_[e].alias_keys)
        if (ak.starts_with(subject_key + " ")) return e;
      if (HasRelation(subject, e, "released") || HasRelation(subject, e, "adopted")) return e;
    }
  return kNone;
}

// A quoted lower-case concept after a cue ("the principle of "safety and controllability"",
// "with a view to achieving "digital sovereignty"") is a principle.
void Extractor::QuotedConcepts(uint32_t s) {
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  bool any_quote = false;
  for (uint32_t k = b; k < end && !any_quote; ++k) any_quote = T(k).Is(kOpenQuote) || (T(k).Is(kPunct) && T(k).norm() == "\"");
  if (!any_quote) return;
  for (uint32_t k = b; k + 2 < end; ++k) {
    if (!W(k, kWQuoteCueFirst)) continue;
    for (const auto& cue : r_.quote_cues) {
      if (!StartsWithPhrase(k, end, cue)) continue;
      uint32_t q = k + static_cast<uint32_t>(cue.size());
      if (!(T(q).Is(kOpenQuote) || (T(q).Is(kPunct) && T(q).norm() == "\""))) continue;
      uint32_t ib = q + 1, ie = ib;
      while (ie < end && !(T(ie).Is(kCloseQuote) || (T(ie).Is(kPunct) && T(ie).norm() == "\""))) ++ie;
      if (ie >= end) continue;
      uint32_t te = ie;
      while (te > ib && T(te - 1).Is(kPunct)) --te;
      if (te <= ib || te - ib > 6 || !IsLowerWord(ib)) continue;
      bool words_only = true;
      for (uint32_t x = ib; x < te; ++x) words_only &= T(x).Is(kWord) || Punct(x, "-");
      if (!words_only) continue;
      std::string key = graph::NormalizeKey(Surface(ib, te));
      auto lf = local_forms_.find(key);
      int e = lf != local_forms_.end() ? lf->second : ItemEntity(ib, te, "principle", s);
      AddMention(ib, te, e, s, true);
      auto rel = r_.quote_relations.find(cue.back());
      if (rel != r_.quote_relations.end()) {
        // the subject of the sentence aims at it
        for (int m : SentenceMentions(s)) {
          int se = mentions_[m].entity;
          if (mentions_[m].tb >= k) break;
          if (T(mentions_[m].te).Is(kPossessive)) continue;  // "Pakistan's AI policy": the policy
          if (se != kNone && r_.owner_types.count(ents_[se].type)) {
            AddRelation(se, e, rel->second, s);
            break;
          }
        }
      }
      k = ie;
      break;
    }
  }
}

// Where and when a verb's patients are: "on 26 July 2025", "in Shanghai", "at the WAIC" after
// the verb phrase, up to the end of the clause. Events are held_on / located_in; documents get
// <verb>_on / <verb>_in / <verb>_at.
void Extractor::AttachCircumstances(const std::string& verb_type, const std::vector<int>& patients, uint32_t from,
                                    uint32_t s) {
  static const std::set<std::string> kDocVerbs = {"released", "adopted", "launched", "published", "announced",
                                                  "proposed", "endorsed", "issued", "agreed_to", "signed", "party_to"};
  uint32_t end = SentenceEnd(s);
  for (uint32_t k = from; k < end; ++k) {
    if (Punct(k, ";") || (Punct(k, ",") && (Lower(k + 1, "which") || Lower(k + 1, "while") || Lower(k + 1, "and")))) break;
    if (Lower(k, "which") || Lower(k, "who")) break;
    int m = owner_[k];
    if (m == kNone || mentions_[m].tb != k) continue;
    int e = mentions_[m].entity;
    if (e == kNone) continue;
    const std::string& t = ents_[e].type;
    uint32_t p = k;
    while (p > from && (Lower(p - 1, "the") || Lower(p - 1, "of") || Lower(p - 1, "opening") || Lower(p - 1, "margins") ||
                        Lower(p - 1, "sidelines") || Lower(p - 1, "first") || Lower(p - 1, "day") || Punct(p - 1, ",")))
      --p;
    std::string prep(p > 0 ? T(p - 1).lower() : std::string_view());
    for (int patient : patients) {
      if (patient == e) continue;
      bool event = ents_[patient].type == "event";
      bool doc = kDocVerbs.count(verb_type) > 0 && !event;
      if (t == "date" && (prep == "on" || prep == "in" || prep == "from" || prep == "during" || Punct(k - 1, ","))) {
        if (event) AddRelation(patient, e, "held_on", s);
        else if (doc) AddRelation(patient, e, verb_type + "_on", s);
      } else if ((t == "place" || t == "country") && (prep == "in" || prep == "at")) {
        if (event) AddRelation(patient, e, "located_in", s);
        else if (doc) AddRelation(patient, e, verb_type + "_in", s);
      } else if (t == "event" && (prep == "at" || prep == "during" || prep == "on" || prep == "in") && doc) {
        AddRelation(patient, e, verb_type + "_at", s);
      }
    }
    k = mentions_[m].te - 1;
  }
}

// ---- passes ------------------------------------------------------------------------------

void Extractor::FirstPass(uint32_t s) {
  uint32_t i = content_begin_[s], end = SentenceEnd(s);
  bool heading = heading_[s];
  while (i < end) {
    if (owner_[i] != kNone) {
      ++i;
      continue;
    }
    uint32_t next = i;
    if (!heading) {
      // a known multi-word name wins over the pattern recognisers ("2030 Agenda for ...")
      if (auto g = GazMatch(i, end); g && g->first >= i + 2 && !W(i, kWDemonyms) &&
                                       ChunkEnd(i, end) <= g->first) {
        if ((next = TryGazetteer(s, i, false)) > i) { i = next; continue; }
      }
      if ((next = TryNumberedName(s, i)) > i) { i = next; continue; }
      if ((next = TryDate(s, i)) > i) { i = next; continue; }
      if ((next = TryTitlePerson(s, i)) > i) { i = next; continue; }
      if ((next = TryOrgCue(s, i)) > i) { i = next; continue; }
      if ((next = TryCountryPair(s, i)) > i) { i = next; continue; }
      if ((next = TryPossessiveDescription(s, i)) > i) { i = next; continue; }
      if ((next = TryDefinite(s, i)) > i) { i = next; continue; }
      // demonym + government -> the country
      if (T(i).Is(kCap) && W(i, kWDemonyms) && Lower(i + 1, "government")) {
        std::string cname = r_.demonyms.find(T(i).lower())->second;
        int c = AddEntity(cname, "country", s);
        AddAlias(c, Surface(i, i + 2), false);
        AddMention(i, i + 2, c, s);
        i += 2;
        continue;
      }
      if ((next = TryAppositivePerson(s, i)) > i) { i = next; continue; }
      if ((next = TryChunk(s, i)) > i) { i = next; continue; }
    }
    if ((next = TryGazetteer(s, i, heading)) > i) { i = next; continue; }
    ++i;
  }
  if (heading) return;
  Lists(s);
  PurposeNouns(s);
  QuotedConcepts(s);
}

// Every later surface form of the entities found: names, aliases and items, headings included.
void Extractor::SecondPass(uint32_t s) {
  uint32_t i = content_begin_[s], end = SentenceEnd(s);
  while (i < end) {
    bool starts_mention = owner_[i] != kNone && mentions_[owner_[i]].tb == i;
    if ((owner_[i] != kNone && !starts_mention) || !(T(i).Is(kWord) || T(i).Is(kNumber)) || T(i).Is(kPossessive) ||
        W(i, kWConnectorDeterminers) || !local_first_words_.count(TokenKey(i))) {
      i = owner_[i] != kNone ? mentions_[owner_[i]].te : i + 1;
      continue;
    }
    uint32_t best_end = 0;
    int best = kNone;
    std::string& key = lookup_key_;
    key.clear();
    uint32_t words = 0;
    for (uint32_t n = 0; words < local_max_words_ && i + n < end; ++n) {
      std::string_view piece = TokenKey(i + n);
      if (!piece.empty()) {
        if (!key.empty()) key += ' ';
        key += piece;
        ++words;
        if (!local_prefixes_.MayContain(WordTable::Hash(key))) break;  // no local form starts so: none longer either
      }
      if (piece.empty() || T(i + n).Is(kPossessive)) continue;  // never end on punctuation
      // a longer form may swallow whole mentions, never part of one
      bool covers = true;
      uint32_t owned = 0;
      for (uint32_t q = i; q <= i + n; ++q) {
        if (owner_[q] == kNone) continue;
        ++owned;
        const Mention& om = mentions_[owner_[q]];
        if (om.tb < i || (q == i + n && om.te > i + n + 1)) covers = false;
      }
      if (!covers) continue;
      if (owned == n + 1 && owner_[i] == owner_[i + n]) continue;  // exactly an existing mention
      auto it = local_forms_.find(key);
      if (it == local_forms_.end()) continue;
      int e = it->second;
      const std::string& t = ents_[e].type;
      // names are matched when capitalised like names; items and terms in any case
      bool items = t == "principle" || t == "pillar" || t == "measure" || t == "sector" || t == "technology";
      if (!items && !ents_[e].lower_ok && !(T(i).Is(kCap) || T(i).Is(kAllCaps) || T(i).Is(kNumber))) continue;
      if (n == 0 && T(i).Is(kAllCaps) && !items && key != T(i).lower()) continue;  // acronyms in capitals
      if (items && n == 0) continue;  // single words are too ambiguous to re-find
      best_end = i + n + 1;
      best = e;
    }
    if (best != kNone) {
      AddMention(i, best_end, best, s, true);
      i = best_end;
      continue;
    }
    i = owner_[i] != kNone ? mentions_[owner_[i]].te : i + 1;
  }
  if (!heading_[s]) VerbLists(s);
}

void Extractor::Relations(uint32_t s) {
  if (heading_[s]) return;
  uint32_t b = content_begin_[s], end = SentenceEnd(s);
  auto ms = SentenceMentions(s);
  if (ms.empty()) return;
  auto mention_type = [&](int m) -> const std::string& { return ents_[mentions_[m].entity].type; };
  auto type_ok = [&](const std::vector<std::string>& allowed, int m) {
    if (allowed.empty()) return IsNamedType(mention_type(m));
    return std::find(allowed.begin(), allowed.end(), mention_type(m)) != allowed.end();
  };
  // index of the first mention starting at or after token k
  auto first_after = [&](uint32_t k) {
    for (size_t x = 0; x < ms.size(); ++x)
      if (mentions_[ms[x]].tb >= k) return static_cast<int>(x);
    return -1;
  };
  // coordinated mentions starting at index x: "A, B and C" / "A and B"
  auto coordinated = [&](int x) {
    std::vector<int> out{ms[x]};
    while (x + 1 < static_cast<int>(ms.size())) {
      uint32_t gap_b = mentions_[ms[x]].te, gap_e = mentions_[ms[x + 1]].tb;
      bool ok = gap_e > gap_b && gap_e - gap_b <= 3;
      bool has_and = false;
      for (uint32_t q = gap_b; q < gap_e && ok; ++q) {
        const Token& t = T(q);
        if (t.lower() == "and" || t.lower() == "or") has_and = true;
        else if (!(Punct(q, ",") || t.lower() == "the" || t.lower() == "its" || t.lower() == "their" || t.Is(kCloseQuote) ||
                   t.Is(kOpenQuote) || (t.Is(kPunct) && (t.norm() == "(" || t.norm() == ")"))))
          ok = false;
      }
      // acronym in parentheses right after: skip over it
      if (ok && !has_and && gap_e - gap_b == 1 && Punct(gap_b, "(")) ok = false;
      if (!ok || (!has_and && !Punct(gap_b, ","))) {
        // "(WAIC) and High-Level Meeting": same entity in parentheses, keep going
        if (gap_e - gap_b <= 1 && mentions_[ms[x + 1]].entity == mentions_[ms[x]].entity) {
          ++x;
          continue;
        }
        if (gap_e > gap_b && Punct(gap_b, ")") && mentions_[ms[x]].entity == mentions_[ms[x - 1 >= 0 ? x - 1 : 0]].entity) {}
        break;
      }
      if (mentions_[ms[x + 1]].entity != mentions_[out.back()].entity) out.push_back(ms[x + 1]);
      ++x;
    }
    return out;
  };

  // --- verb phrases --------------------------------------------------------------------------
  std::vector<std::pair<int, std::vector<int>>> events_objects;  // for "in Place" and dates
  int last_subject_idx = -1;
  for (uint32_t k = b; k < end; ++k) {
    if (owner_[k] != kNone || !T(k).Is(kWord)) continue;
    if (!W(k, kWVerbIndex)) continue;
    auto vi = W(k, kWVerbIndex) ? r_.verb_index.find(T(k).lower()) : r_.verb_index.end();
    if (vi == r_.verb_index.end()) continue;
    for (uint32_t rule_id : vi->second) {
      const VerbRule& rule = r_.verbs[rule_id];
      // match the rest of the phrase, skipping adverbs
      uint32_t q = k + 1;
      bool ok = true;
      for (size_t w = 1; w < rule.words.size() && ok; ++w) {
        while (q < end && (W(q, kWAdverbs) || W(q, kWModifiers))) ++q;
        ok = q < end && std::find(rule.words[w].begin(), rule.words[w].end(), T(q).lower()) != rule.words[w].end();
        ++q;
      }
      if (!ok) continue;
      uint32_t ve = q;
      // passive: "is/was/were (being) VERBed (by X)"
      bool passive = false, agentless = false;
      uint32_t aux = k;
      while (aux > b && W(aux - 1, kWAdverbs)) --aux;
      if (aux > b && (T(aux - 1).lower() == "was" || T(aux - 1).lower() == "were" || T(aux - 1).lower() == "is" ||
                      T(aux - 1).lower() == "are" || T(aux - 1).lower() == "been" || T(aux - 1).lower() == "be") &&
          !T(k).lower().ends_with("ing") && !T(k).lower().ends_with("s") && T(k).lower() != rule.words[0][0]) {
        if (Lower(ve, "by")) passive = true;
        else agentless = true;
      }
      // "The Seoul Declaration, adopted at the AI Seoul Summit, ...": a participle right after
      // the comma that ends a mention opens a reduced relative clause, which is passive
      // (the comma opens the clause: an even number of commas before it; "X, the Y of Z,
      // introduced ..." has the closing comma of an appositive there instead)
      auto opening_comma = [&](uint32_t c) {
        int commas = 0;
        for (uint32_t q2 = b; q2 < c; ++q2) commas += Punct(q2, ",") ? 1 : 0;
        return commas % 2 == 0;
      };
      if (!passive && !agentless && k > b + 1 && Punct(k - 1, ",") && EndsMention(ms, k - 1) &&
          !T(k).lower().ends_with("ing") && !T(k).lower().ends_with("s") && T(k).lower() != rule.words[0][0] &&
          opening_comma(k - 1)) {
        if (Lower(ve, "by")) passive = true;
        else agentless = true;
      }
      // subject: the nearest mention before the verb in the clause, skipping prepositional
      // objects ("Xi Jinping of China proposed")
      int subject_idx = -1;
      int subj = kNone;
      {
        // "X emphasizes A, and calls for B": the subject of the first verb
        uint32_t p = k;
        while (p > b && (W(p - 1, kWAdverbs) || IsAuxiliary(T(p - 1).lower()))) --p;
        if (p > b && T(p - 1).lower() == "and" && last_subject_idx >= 0) subject_idx = last_subject_idx;
        // "he proposed", "It builds on": a pronoun subject
        if (subject_idx < 0 && p > b && (T(p - 1).lower() == "he" || T(p - 1).lower() == "she" || T(p - 1).lower() == "it"))
          subj = ResolvePronoun(s, p - 1);
      }
      bool participle = k > b && Punct(k - 1, ",") && T(k).lower().ends_with("ing");
      if (participle && subject_idx < 0 && subj == kNone) {
        // ", resonating with ...": the subject of the main clause
        for (int x = 0; x < static_cast<int>(ms.size()); ++x) {
          const Mention& m = mentions_[ms[x]];
          if (m.te > k) break;
          bool in_pp0 = m.tb > b && W(m.tb - 1, kWPrepositions) && !m.item;
          if (in_pp0 || T(m.te).Is(kPossessive) || !type_ok(rule.subject_types, ms[x])) continue;
          subject_idx = x;
          break;
        }
      }
      for (int x = static_cast<int>(ms.size()) - 1; x >= 0 && subject_idx < 0 && subj == kNone; --x) {
        const Mention& m = mentions_[ms[x]];
        if (m.te > k) continue;
        bool blocked = false;
        for (uint32_t q2 = m.te; q2 < k; ++q2) {
          // skip a reduced relative clause between subject and verb: ", adopted at X,"
          if (q2 == m.te && Punct(q2, ",") && q2 + 1 < k && W(q2 + 1, kWVerbIndex) &&
              owner_[q2 + 1] == kNone && !T(q2 + 1).lower().ends_with("ing")) {
            uint32_t close = q2 + 2;
            while (close < k && !Punct(close, ",") && !Punct(close, ";")) ++close;
            if (close < k && Punct(close, ",")) {
              q2 = close;
              continue;
            }
          }
          if (Punct(q2, ";") || Punct(q2, ":") || (W(q2, kWVerbIndex) && owner_[q2] == kNone && q2 != k &&
                                                   !IsAuxiliary(T(q2).lower()) &&
                                                   !(T(q2).lower() == "which" || T(q2).lower() == "that")))
            blocked = true;
        }
        if (blocked) break;
        uint32_t before = m.tb;
        bool in_pp = !m.item && before > b && (W(before - 1, kWPrepositions) ||
                                    (before > b + 1 && T(before - 1).lower() == "the" && W(before - 2, kWPrepositions)));
        if (in_pp) continue;
        if (!type_ok(passive || agentless ? rule.object_types : rule.subject_types, ms[x])) continue;
        subject_idx = x;
        break;
      }
      // "Linda Thomas-Greenfield, the Permanent Representative ..., introduced": the person
      // before an appositive role is the subject
      if (subject_idx > 0 && ents_[mentions_[ms[subject_idx]].entity].type == "role") {
        uint32_t rb = mentions_[ms[subject_idx]].tb;
        if (rb > b && Lower(rb - 1, "the")) --rb;
        for (int x = subject_idx - 1; x >= 0; --x) {
          const Mention& pm = mentions_[ms[x]];
          if (ents_[pm.entity].type == "person" && pm.te + 1 == rb && Punct(pm.te, ",")) {
            subject_idx = x;
            break;
          }
          if (pm.te < rb - 1) break;
        }
      }
      if (subject_idx >= 0) subj = mentions_[ms[subject_idx]].entity;
      // object(s): the first mention after the phrase within a few words
      uint32_t obj_from = passive ? ve + 1 : ve;
      int obj_x = first_after(obj_from);
      std::vector<int> objects;
      if (obj_x >= 0 && !agentless) {
        uint32_t gap = mentions_[ms[obj_x]].tb - obj_from;
        bool clean = true;
        for (uint32_t q2 = obj_from; q2 < mentions_[ms[obj_x]].tb; ++q2)
          if (Punct(q2, ",") || Punct(q2, ";") || Punct(q2, ".") ||
              (W(q2, kWVerbIndex) && T(q2).lower() != "to" && !T(q2).lower().ends_with("ing")))
            clean = false;
        // "China's Action Plan", "the Plan's call to ...": the possessed thing is the object
        // ... and "the Chinese Action Plan": a demonym qualifies the name after it
        while (clean && obj_x + 1 < static_cast<int>(ms.size()) &&
               ((T(mentions_[ms[obj_x]].te).Is(kPossessive) && mentions_[ms[obj_x + 1]].tb <= mentions_[ms[obj_x]].te + 5) ||
                (mentions_[ms[obj_x]].te - mentions_[ms[obj_x]].tb == 1 && W(mentions_[ms[obj_x]].tb, kWDemonyms) &&
                 mentions_[ms[obj_x + 1]].tb == mentions_[ms[obj_x]].te)))
          ++obj_x;
        if (gap <= 4 && clean) objects = coordinated(obj_x);
        // "applying AI in agriculture, healthcare and climate resilience": the field list too
        if (objects.size() == 1 && obj_x + 1 < static_cast<int>(ms.size())) {
          uint32_t after = mentions_[ms[obj_x]].te;
          const Mention& nm = mentions_[ms[obj_x + 1]];
          if (nm.tb == after + 1 && (Lower(after, "in") || Lower(after, "to") || Lower(after, "for"))) {
            auto group = coordinated(obj_x + 1);
            if (group.size() >= 2) objects.insert(objects.end(), group.begin(), group.end());
          }
        }
      }
      std::erase_if(objects, [&](int om) { return !type_ok(passive ? rule.subject_types : rule.object_types, om); });
      // "X, which China hosted", "the Initiative that President Xi Jinping put forward": the
      // antecedent of the relative pronoun is the object
      if (objects.empty() && !passive && !agentless && subject_idx >= 0) {
        uint32_t before = mentions_[ms[subject_idx]].tb;
        int y = subject_idx - 1;
        // a title mention right before the subject belongs to it ("President Xi Jinping")
        if (y >= 0 && mentions_[ms[y]].te == before && ents_[mentions_[ms[y]].entity].type == "role") {
          before = mentions_[ms[y]].tb;
          --y;
        }
        if (before > b && (Lower(before - 1, "which") || Lower(before - 1, "that") || Lower(before - 1, "whom"))) {
          uint32_t rel_tok = before - 1;
          uint32_t ante_end = Punct(rel_tok - 1, ",") ? rel_tok - 1 : rel_tok;
          if (y >= 0 && mentions_[ms[y]].te == ante_end) {
            int first = y;
            for (int x = y; x >= 0; --x) {
              auto group = coordinated(x);
              if (std::find(group.begin(), group.end(), ms[y]) != group.end()) first = x;
              else if (x < y - 3) break;
            }
            objects = coordinated(first);
            // "WAIC (WAIC)" repeats collapse in coordinated(); keep only up to the antecedent
            std::erase_if(objects, [&](int m) { return mentions_[m].tb > mentions_[ms[y]].tb; });
          }
        }
      }
      if (agentless && subj != kNone) {
        // "The Plan was released on 26 July 2025 in Shanghai": where and when only
        last_subject_idx = subject_idx;
        AttachCircumstances(rule.type, {subj}, ve, s);
        k = ve - 1;
        break;
      }
      if (subj == kNone || objects.empty()) {
        k = ve - 1;  // the phrase is used up even without arguments
        break;
      }
      last_subject_idx = subject_idx;
      std::vector<int> obj_entities;
      for (int om : objects) {
        if (!type_ok(passive ? rule.subject_types : rule.object_types, om)) continue;
        int oe = mentions_[om].entity;
        if (passive != rule.reverse) AddRelation(oe, subj, rule.type, s);
        else AddRelation(subj, oe, rule.type, s);
        obj_entities.push_back(oe);
      }
      if (!obj_entities.empty()) {
        events_objects.push_back({passive ? -1 : subj, obj_entities});
        uint32_t after_objects = mentions_[objects.back()].te;
        AttachCircumstances(rule.type, passive ? std::vector<int>{subj} : obj_entities,
                            std::max(after_objects, ve), s);
      }
      // "In infrastructure development, Pakistan plans to ...": an aspect of the policy under
      // discussion, so the policy takes the statement too
      if (!passive && (ents_[subj].type == "country" || ents_[subj].type == "organization")) {
        int topic = TopicFor(s, subj);
        if (topic != kNone)
          for (int oe : obj_entities) {
            std::string t = rule.type == "plans_to_establish" || rule.type == "established" ? "includes" : rule.type;
            AddRelation(topic, oe, t, s);
          }
      }
      // subjects joined by "and" ("China and Pakistan will ...") act together
      if (!passive && subject_idx > 0) {
        const Mention& sm = mentions_[ms[subject_idx]];
        const Mention& pm = mentions_[ms[subject_idx - 1]];
        if (sm.tb == pm.te + 1 && Lower(pm.te, "and"))
          for (int oe : obj_entities) AddRelation(pm.entity, oe, rule.type, s);
      }
      k = ve - 1;
      break;
    }
  }

  // --- "X in Place": located_in / released_in ------------------------------------------------
  for (size_t x = 0; x + 1 < ms.size(); ++x) {
    const Mention& p = mentions_[ms[x + 1]];
    int pe = p.entity;
    if (ents_[pe].type != "place" && !(ents_[pe].type == "country")) continue;
    if (!(p.tb >= 1 && Lower(p.tb - 1, "in"))) continue;
    if (mentions_[ms[x]].te + 1 != p.tb) continue;
    int xe = mentions_[ms[x]].entity;
    // every event coordinated with this one is in the same place
    std::vector<int> subjects{xe};
    for (const auto& [subj, objs] : events_objects)
      if (std::find(objs.begin(), objs.end(), xe) != objs.end()) subjects = objs;
    for (int e : subjects) {
      const std::string& et = ents_[e].type;
      if (et == "event" || et == "organization" || et == "initiative" || et == "role")
        AddRelation(e, pe, "located_in", s);
      else if (et == "plan" || et == "policy") {
        bool release = false;
        for (uint32_t q = b; q < end; ++q)
          release |= T(q).lower().starts_with("releas") || T(q).lower().starts_with("adopt") || T(q).lower().starts_with("launch");
        if (release) AddRelation(e, pe, "released_in", s);
      }
    }
  }

  // --- dates ---------------------------------------------------------------------------------
  std::vector<int> dates;
  for (int m : ms)
    if (mention_type(m) == "date") dates.push_back(mentions_[m].entity);
  if (dates.size() == 1) {
    int d = dates[0];
    std::set<int> done;
    for (const auto& [subj, objs] : events_objects)
      for (int o : objs) {
        if (done.count(o) || ents_[o].type != "event") continue;
        done.insert(o);
        AddRelation(o, d, "held_on", s);
      }
    std::vector<std::pair<int, std::string>> dated;
    // the relations whose latest evidence is this sentence, in relation order (a scan of all
    // relations per dated sentence was quadratic on one big file)
    std::vector<uint32_t> here;
    if (s < rels_in_sentence_.size()) here = rels_in_sentence_[s];
    std::sort(here.begin(), here.end());
    here.erase(std::unique(here.begin(), here.end()), here.end());
    for (uint32_t r : here) {
      const graph::RelationRec& rec = rels_[r];
      if (rec.evidence.empty() || rec.evidence.back().sentence != s) continue;
      int o = static_cast<int>(rec.target);
      if (done.count(o) || !IsNamedType(ents_[o].type)) continue;
      if (rec.type == "proposed" || rec.type == "adopted" || rec.type == "released" || rec.type == "launched" ||
          rec.type == "published" || rec.type == "endorsed" || rec.type == "announced") {
        done.insert(o);
        dated.push_back({o, rec.type + "_on"});
      }
    }
    for (const auto& [o, on] : dated) AddRelation(o, d, on, s);
    // an event held on a date without a verb: "the Summit, held on ..."
    for (int m : ms) {
      int e = mentions_[m].entity;
      if (ents_[e].type == "event" && !done.count(e)) {
        bool held = false;
        for (uint32_t q = b; q < end; ++q) held |= T(q).lower() == "held" || T(q).lower() == "took" || T(q).lower() == "hosted" || T(q).lower() == "convened";
        if (held) {
          AddRelation(e, d, "held_on", s);
          done.insert(e);
        }
      }
    }
  }
}

DocumentRec Extractor::Run() {
  toks_ = Tokenize(text_, graph::Span{doc_.body_start, static_cast<uint32_t>(text_.size())});
  sents_ = SplitSentences(text_, toks_, r_.abbreviations);
  owner_.assign(toks_.size(), kNone);
  word_id_.resize(toks_.size());
  wc_.resize(toks_.size());
  for (size_t i = 0; i < toks_.size(); ++i) {
    const LexiconEntry* e = r_.lexicon_table.Find(toks_[i].lower());
    word_id_[i] = e ? e->word_id : kNoWord;
    wc_[i] = e ? e->classes : 0;
  }
  ClassifySentences();
  // headings first see only the gazetteer; the body defines the document's names
  for (uint32_t s = 0; s < sents_.size(); ++s)
    if (!heading_[s]) FirstPass(s);
  for (uint32_t s = 0; s < sents_.size(); ++s)
    if (heading_[s]) FirstPass(s);
  // every name and non-local alias as a doc-local form
  for (int e = 0; e < static_cast<int>(ents_.size()); ++e) {
    if (!IsNamedType(ents_[e].type)) continue;
    if (!local_forms_.count(ents_[e].key)) SetLocalForm(ents_[e].key, e);
    for (size_t x = 0; x < ents_[e].aliases.size(); ++x) {
      const std::string& ak = ents_[e].alias_keys[x];
      if (!ents_[e].aliases[x].local && !local_forms_.count(ak)) SetLocalForm(ak, e);
    }
  }
  tkey_.resize(toks_.size());
  track_prefixes_ = true;
  for (const auto& [key, e] : local_forms_) AddPrefixes(key);
  for (size_t i = 0; i < toks_.size(); ++i) {
    std::string_view l = toks_[i].lower();
    bool plain = std::all_of(l.begin(), l.end(), [](char c) { return kPlainKeyByte.yes[static_cast<unsigned char>(c)]; });
    if (plain) {
      tkey_[i] = kOwnKey;
    } else {
      tkey_[i] = static_cast<uint32_t>(tkey_store_.size());
      tkey_store_.push_back(graph::NormalizeKey(toks_[i].norm()));
    }
  }
  for (const auto& [key, e] : local_forms_) {
    (void)e;
    size_t sp = key.find(' ');
    local_first_words_.insert(key.substr(0, sp));
    local_max_words_ = std::max<uint32_t>(local_max_words_, static_cast<uint32_t>(std::count(key.begin(), key.end(), ' ') + 1));
  }
  for (uint32_t s = 0; s < sents_.size(); ++s) SecondPass(s);
  for (uint32_t s = 0; s < sents_.size(); ++s)
    if (!heading_[s]) Ordinals(s);
  for (uint32_t s = 0; s < sents_.size(); ++s)
    if (!heading_[s]) {
      Hearst(s);
      GroupMembers(s);
    }
  for (uint32_t s = 0; s < sents_.size(); ++s) Relations(s);

  if (std::getenv("ACCORD_DEBUG_EXTRACT")) {
    for (uint32_t s = 0; s < sents_.size(); ++s) {
      std::fprintf(stderr, "[%u]%s%s %.*s\n", s, heading_[s] ? "H" : "", list_item_[s] ? "L" : "",
                   static_cast<int>(sents_[s].span.end - sents_[s].span.start), text_.data() + sents_[s].span.start);
      for (int m : SentenceMentions(s))
        std::fprintf(stderr, "    {%s} %s -> %s\n", ents_[mentions_[m].entity].type.c_str(),
                     std::string(Surface(mentions_[m].tb, mentions_[m].te)).c_str(), ents_[mentions_[m].entity].name.c_str());
    }
    for (const auto& m : mentions_)
      if (m.entity != kNone)
        std::fprintf(stderr, "  M [%u,%u) %s\n", m.tb, m.te, ents_[m.entity].name.c_str());
    for (size_t n = 0; n < nested_.size(); ++n)
      std::fprintf(stderr, "  NESTED [%u,%u) %s in %s\n", nested_[n].tb, nested_[n].te, ents_[nested_[n].entity].name.c_str(),
                   nested_owner_[n] >= 0 ? ents_[nested_owner_[n]].name.c_str() : "-");
    for (const auto& r : rels_)
      std::fprintf(stderr, "  REL %s -[%s]-> %s  (s%u)\n", ents_[r.source].name.c_str(), r.type.c_str(),
                   ents_[r.target].name.c_str(), r.evidence[0].sentence);
  }
  // ---- assemble the record: only entities with a mention, in first-mention order ----------
  // The per-token tables and lookup indexes are done with: free them before the record grows
  // (the peak memory of one big file).
  ReleaseWorkingState();
  DocumentRec rec;
  rec.path = doc_.path;
  rec.title = doc_.title;
  rec.metadata = doc_.metadata;
  rec.content_hash = doc_.content_hash;
  rec.page_starts = doc_.page_starts;
  rec.sentences.reserve(sents_.size());
  for (const auto& s : sents_) rec.sentences.push_back(s.span);
  std::vector<int> remap(ents_.size(), kNone);
  std::vector<Mention> live;
  for (const auto& m : mentions_)
    if (m.entity != kNone) live.push_back(m);
  // Per entity, its mentions' token spans by start, each end raised to the largest end so far:
  // whether a mention of the item covers a nested one is then a binary search (a scan of every
  // mention per nested mention was quadratic on one big file).
  struct Cover {
    int entity;
    uint32_t tb, te;  // te: raised to the largest end so far within the entity
    bool operator<(const Cover& o) const { return std::tie(entity, tb, te) < std::tie(o.entity, o.tb, o.te); }
  };
  std::vector<Cover> covers;  // by entity, then by span: one sorted array, no map of vectors
  if (!nested_.empty()) {
    covers.reserve(mentions_.size());
    for (const auto& m : mentions_) covers.push_back(Cover{m.entity, m.tb, m.te});
    std::sort(covers.begin(), covers.end());
    for (size_t i = 1; i < covers.size(); ++i)
      if (covers[i].entity == covers[i - 1].entity) covers[i].te = std::max(covers[i].te, covers[i - 1].te);
  }
  for (size_t n = 0; n < nested_.size(); ++n) {
    // keep the inner sector/technology only while its item survived
    bool alive = false;
    const int owner = nested_owner_[n];
    auto first = std::lower_bound(covers.begin(), covers.end(), owner,
                                  [](const Cover& c, int e) { return c.entity < e; });
    auto last = std::upper_bound(first, covers.end(), owner, [](int e, const Cover& c) { return e < c.entity; });
    if (first != last) {
      auto after = std::upper_bound(first, last, nested_[n].tb, [](uint32_t tb, const Cover& c) { return tb < c.tb; });
      alive = after != first && std::prev(after)->te >= nested_[n].te;
    }
    if (alive) live.push_back(nested_[n]);
  }
  std::sort(live.begin(), live.end(), [](const Mention& a, const Mention& b) { return a.tb < b.tb; });
  for (const auto& m : live) {
    if (remap[m.entity] != kNone) continue;
    if (r_.stop_entities.count(ents_[m.entity].key)) continue;
    remap[m.entity] = static_cast<int>(rec.entities.size());
    const Entity& e = ents_[m.entity];
    EntityRec er{e.name, e.type, e.aliases};
    rec.entities.push_back(std::move(er));
  }
  for (const auto& m : live) {
    if (remap[m.entity] == kNone) continue;
    graph::MentionRec mr;
    mr.entity = static_cast<uint32_t>(remap[m.entity]);
    mr.sentence = m.sent;
    mr.span = m.byte_end > 0 ? graph::Span{m.byte_start, m.byte_end} : graph::Span{T(m.tb).span.start, T(m.te - 1).span.end};
    rec.mentions.push_back(mr);
  }
  for (auto& r : rels_) {
    if (remap[r.source] == kNone || remap[r.target] == kNone) continue;
    r.source = static_cast<uint32_t>(remap[r.source]);
    r.target = static_cast<uint32_t>(remap[r.target]);
    rec.relations.push_back(std::move(r));
  }
  toks_ = TokenList();
  rec.text = doc_.text;
  return rec;
}

}  // namespace

graph::DocumentRec Extract(const LoadedDocument& doc, const Rules& rules) {
  Extractor x(doc, rules);
  return x.Run();
}

}  // namespace accord::corpus
