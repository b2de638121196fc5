// Windowed extraction: cuts a large document's body into windows, runs the ordinary extractor on
// each window as a document of its own (after a short context naming the entities seen most
// recently), and merges the windows' records into one, with every offset and index shifted
// back into the whole document. The merge follows the extractor's own rules for one document: an
// entity is found again by (normalised name, type), else by its normalised name when both are named
// (not a date or a number); aliases are united by normalised form (local only while every window
// says local); a relation (source, target, type, kind) is one record whose evidence lists every
// window's sentences; mentions and sentences keep their order. See windowed.hpp for what a window
// cannot see.
#include "accord/corpus/windowed.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "accord/corpus/extractor.hpp"
#include "accord/graph/text_key.hpp"

namespace accord::corpus {
namespace {

using graph::DocumentRec;
using graph::EntityRec;
using graph::Span;

bool IsNamedType(const std::string& t) {
  return t != "date" && t != "number";
}

// How many of the entities named before a window are carried into it as context.
constexpr size_t kContextEntities = 64;

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Where the window starting at `start` ends: the best cut point in (start + window / 2,
// start + window]. `limit` = start + window < text.size().
size_t CutPoint(std::string_view text, size_t start, size_t limit) {
  const size_t floor = start + (limit - start) / 2;
  // Only the window's last half is searched (a search of the whole text would make a document
  // without paragraph breaks quadratic).
  const std::string_view tail = text.substr(floor, limit - floor);
  // 1. a paragraph break (a blank line): cut after it.
  size_t best = 0;
  for (std::string_view blank :
       {std::string_view("\n\n"), std::string_view("\r\n\r\n"), std::string_view("\r\r")}) {
    const size_t at = tail.rfind(blank);
    if (at != std::string_view::npos) best = std::max(best, floor + at + blank.size());
  }
  if (best != 0) return best;
  // 2. a sentence end: terminal punctuation, white space, then a capital letter.
  for (size_t i = limit; i > floor + 2; --i) {
    const char c = text[i - 1];
    if (c < 'A' || c > 'Z') continue;
    size_t k = i - 1;
    while (k > floor && (text[k - 1] == ' ' || text[k - 1] == '\t' || text[k - 1] == '\n' ||
                         text[k - 1] == '\r'))
      --k;
    if (k < i - 1 && k > floor && (text[k - 1] == '.' || text[k - 1] == '?' || text[k - 1] == '!'))
      return i - 1;
  }
  // 3. a line break, 4. a space between words: cut after it.
  for (std::string_view seps : {std::string_view("\n\r"), std::string_view(" \t")}) {
    const size_t at = tail.find_last_of(seps);
    if (at != std::string_view::npos) return floor + at + 1;
  }
  // 5. no break at all in half a window: a hard cut on a UTF-8 boundary.
  size_t cut = limit;
  while (cut > start + 1 && IsContinuation(text[cut])) --cut;
  return cut;
}

// Turns each window's record into a part of the document: its entities merged into the
// document's entity table, offsets and indices shifted back into the whole text.
class Merger {
 public:
  // The part of one window whose text was `context` bytes of context (Context()) and then the
  // document's bytes from `offset` on. What the extractor found in the context is dropped: its
  // sentences, its mentions, the evidence stated there, and the entities named only there
  // unless they are already in the table (a relation may point at one). `part.text` is left
  // to the caller.
  void Add(DocumentRec&& rec, uint32_t offset, uint32_t context, graph::DocumentPart& part) {
    part.text_offset = offset;
    part.sentences.clear();
    part.entities.clear();
    part.mentions.clear();
    part.relations.clear();
    uint32_t skipped = 0;  // the context's sentences come first (it ends with a blank line)
    while (skipped < rec.sentences.size() && rec.sentences[skipped].start < context) ++skipped;
    auto shift = [offset, context](Span s) {
      return Span{s.start - context + offset, s.end - context + offset};
    };
    for (size_t i = skipped; i < rec.sentences.size(); ++i)
      part.sentences.push_back(shift(rec.sentences[i]));
    // The entities, in the order of their first mention in the document's text.
    std::vector<uint32_t> first(rec.entities.size(), UINT32_MAX);
    for (uint32_t k = 0; k < rec.mentions.size(); ++k) {
      const graph::MentionRec& m = rec.mentions[k];
      if (m.sentence >= skipped && first[m.entity] == UINT32_MAX) first[m.entity] = k;
    }
    std::vector<uint32_t> order(rec.entities.size());
    for (uint32_t e = 0; e < order.size(); ++e) order[e] = e;
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return first[a] < first[b]; });
    std::vector<uint32_t> remap(rec.entities.size(), kDropped);
    for (uint32_t e : order) {
      if (first[e] != UINT32_MAX) {
        remap[e] = MergeEntity(std::move(rec.entities[e]));
        part.entities.push_back(remap[e]);
      } else {
        remap[e] = FindEntity(rec.entities[e]);
      }
    }
    for (const graph::MentionRec& m : rec.mentions) {
      if (m.sentence < skipped) continue;
      last_seen_[remap[m.entity]] = ++seen_clock_;
      part.mentions.push_back({remap[m.entity], m.sentence - skipped, shift(m.span)});
    }
    for (graph::RelationRec& r : rec.relations) {
      r.source = remap[r.source];
      r.target = remap[r.target];
      if (r.source == kDropped || r.target == kDropped) continue;
      if (r.source == r.target) continue;  // two of the window's entities became one
      std::erase_if(r.evidence, [&](const graph::EvidenceRec& e) { return e.sentence < skipped; });
      if (r.evidence.empty()) continue;  // stated in the context only
      for (graph::EvidenceRec& e : r.evidence) {
        e.sentence -= skipped;
        e.span = shift(e.span);
      }
      part.relations.push_back(std::move(r));
    }
  }

  // The context a window starts with: the names of the `count` named entities (not dates or
  // numbers) mentioned most recently, each as a one-sentence paragraph, oldest first, so that
  // a definite description ("the Plan"), a list's owner or a short form in the window can
  // resolve to an entity named in an earlier window. Empty for the first window.
  std::string Context(size_t count) const {
    std::vector<uint32_t> ids;
    for (uint32_t e = 0; e < entities_.size(); ++e)
      if (IsNamedType(entities_[e].type) && last_seen_[e] != 0) ids.push_back(e);
    auto recent = [&](uint32_t a, uint32_t b) { return last_seen_[a] > last_seen_[b]; };
    if (ids.size() > count) {
      std::nth_element(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(count), ids.end(),
                       recent);
      ids.resize(count);
    }
    std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) { return recent(b, a); });
    std::string text;
    for (uint32_t e : ids) {
      std::string name = entities_[e].name;
      for (char& c : name)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      text += name;
      text += ".\n\n";
    }
    return text;
  }

  // The document's entity table: names and types fixed at first sight, aliases united.
  const std::vector<EntityRec>& entities() const { return entities_; }
  std::vector<EntityRec> TakeEntities() { return std::move(entities_); }

 private:
  static constexpr uint32_t kDropped = UINT32_MAX;

  // The table's entity `e` merges into, or kDropped when there is none yet.
  uint32_t FindEntity(const EntityRec& e) const {
    const std::string key = graph::NormalizeKey(e.name);
    if (auto it = by_key_type_.find(key + '\x1f' + e.type); it != by_key_type_.end())
      return it->second;
    if (auto k = by_key_.find(key);
        k != by_key_.end() && IsNamedType(e.type) == IsNamedType(entities_[k->second].type))
      return k->second;
    return kDropped;
  }

  uint32_t MergeEntity(EntityRec&& e) {
    std::string key = graph::NormalizeKey(e.name);
    uint32_t id;
    if (auto it = by_key_type_.find(key + '\x1f' + e.type); it != by_key_type_.end()) {
      id = it->second;
    } else if (auto k = by_key_.find(key);
               k != by_key_.end() &&
               IsNamedType(e.type) == IsNamedType(entities_[k->second].type)) {
      id = k->second;
    } else {
      id = static_cast<uint32_t>(entities_.size());
      by_key_type_.emplace(key + '\x1f' + e.type, id);
      by_key_.emplace(key, id);
      keys_.push_back(std::move(key));
      alias_keys_.emplace_back();
      last_seen_.push_back(0);
      entities_.push_back(EntityRec{std::move(e.name), std::move(e.type), {}});
    }
    for (graph::AliasRec& a : e.aliases) AddAlias(id, std::move(a));
    return id;
  }

  void AddAlias(uint32_t id, graph::AliasRec&& a) {
    std::string key = graph::NormalizeKey(a.text);
    if (key.empty() || key == keys_[id]) return;
    std::vector<std::string>& keys = alias_keys_[id];
    std::vector<graph::AliasRec>& aliases = entities_[id].aliases;
    for (size_t x = 0; x < keys.size(); ++x) {
      if (keys[x] == key) {
        aliases[x].local = aliases[x].local && a.local;
        return;
      }
    }
    keys.push_back(std::move(key));
    aliases.push_back(std::move(a));
  }

  std::vector<EntityRec> entities_;
  std::unordered_map<std::string, uint32_t> by_key_type_;  // key \x1f type -> entity
  std::unordered_map<std::string, uint32_t> by_key_;       // key -> its first entity
  std::vector<std::string> keys_;                          // per entity: NormalizeKey(name)
  std::vector<std::vector<std::string>> alias_keys_;       // per entity, per alias
  std::vector<uint64_t> last_seen_;  // per entity: the clock at its latest mention (0: none)
  uint64_t seen_clock_ = 0;
};

// Appends parts to one record, as the extractor would have given it for the whole document:
// sentences and mentions in order, a relation (source, target, type, kind) one record whose
// evidence lists every part's sentences.
class Assembler {
 public:
  explicit Assembler(DocumentRec* out) : out_(*out) {}
  void Add(graph::DocumentPart&& part) {
    const auto base = static_cast<uint32_t>(out_.sentences.size());
    out_.sentences.insert(out_.sentences.end(), part.sentences.begin(), part.sentences.end());
    for (graph::MentionRec& m : part.mentions) {
      m.sentence += base;
      out_.mentions.push_back(m);
    }
    for (graph::RelationRec& r : part.relations) {
      for (graph::EvidenceRec& e : r.evidence) e.sentence += base;
      const auto key = std::make_tuple(r.source, r.target, r.type, static_cast<uint8_t>(r.kind));
      auto [it, fresh] = relations_.emplace(key, static_cast<uint32_t>(out_.relations.size()));
      if (fresh) {
        out_.relations.push_back(std::move(r));
      } else {
        auto& evidence = out_.relations[it->second].evidence;
        evidence.insert(evidence.end(), r.evidence.begin(), r.evidence.end());
      }
    }
  }

  // Trims the spare capacity the vectors grew while merging.
  void Compact() {
    out_.sentences.shrink_to_fit();
    out_.mentions.shrink_to_fit();
    out_.entities.shrink_to_fit();
    out_.relations.shrink_to_fit();
    for (graph::RelationRec& r : out_.relations) r.evidence.shrink_to_fit();
  }

 private:
  DocumentRec& out_;
  std::map<std::tuple<uint32_t, uint32_t, std::string, uint8_t>, uint32_t> relations_;
};

// Reserves room for `v` grown by `scale` (plus 5%) when it has less.
template <typename T>
void ReserveFor(std::vector<T>& v, double scale) {
  const auto want = static_cast<size_t>(static_cast<double>(v.size()) * scale);
  if (want > v.capacity()) v.reserve(want + want / 20);
}

}  // namespace

std::vector<Span> WindowsOf(std::string_view text, size_t body_start, size_t window_bytes) {
  std::vector<Span> out;
  const size_t end = text.size();
  size_t start = std::min(body_start, end);
  if (window_bytes < 2) window_bytes = 2;
  while (end - start > window_bytes) {
    const size_t cut = CutPoint(text, start, start + window_bytes);
    out.push_back(Span{static_cast<uint32_t>(start), static_cast<uint32_t>(cut)});
    start = cut;
  }
  out.push_back(Span{static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
  return out;
}

graph::Result<DocumentRec> ExtractWindowed(LoadedDocument doc, const Rules& rules,
                                           size_t window_bytes, const WindowProgressFn& on_window) {
  const size_t total = doc.text.size();
  if (total <= doc.body_start || total - doc.body_start <= window_bytes) {
    return Extract(doc, rules);  // one window: exactly as before, nothing to report between
  }
  const std::vector<Span> windows = WindowsOf(doc.text, doc.body_start, window_bytes);
  DocumentRec rec;
  Merger merger;
  Assembler assembler(&rec);
  graph::DocumentPart part;
  LoadedDocument window;  // the window, as a document of its own
  window.path = doc.path;
  window.title = doc.title;
  window.content_hash = doc.content_hash;
  for (size_t w = 0; w < windows.size(); ++w) {
    const Span r = windows[w];
    window.text = merger.Context(kContextEntities);
    const auto context = static_cast<uint32_t>(window.text.size());
    window.text.append(doc.text, r.start, r.end - r.start);
    merger.Add(Extract(window, rules), r.start, context, part);
    assembler.Add(std::move(part));
    // The record's two big arrays are sized for the whole text at the density seen so far (and
    // resized only when that estimate grows), instead of doubling past what they need.
    const double scale =
        static_cast<double>(total - doc.body_start) / static_cast<double>(r.end - doc.body_start);
    ReserveFor(rec.sentences, scale);
    ReserveFor(rec.mentions, scale);
    if (on_window && !on_window(r.end, total)) {
      return graph::Fail(graph::ErrorCode::kCancelled, "Extraction of " + doc.path + " cancelled");
    }
  }
  window = LoadedDocument{};
  rec.entities = merger.TakeEntities();
  assembler.Compact();
#if defined(__GLIBC__)
  ::malloc_trim(0);  // hand the windows' freed working memory back before the record is stored
#endif
  rec.path = std::move(doc.path);
  rec.title = std::move(doc.title);
  rec.metadata = std::move(doc.metadata);
  rec.content_hash = std::move(doc.content_hash);
  rec.text = std::move(doc.text);
  rec.page_starts = std::move(doc.page_starts);
  return rec;
}

// ---- WindowedParts ---------------------------------------------------------------------------

struct WindowedParts::State {
  Merger merger;
  LoadedDocument window;
  ContentHasher hasher;   // of the text handed to the store, in order
  uint64_t hashed_to = 0;
};

WindowedParts::WindowedParts(const LoadedDocument& head, ReadFn read, uint64_t size,
                             const Rules& rules, size_t window_bytes, WindowProgressFn on_window)
    : read_(std::move(read)),
      size_(size),
      rules_(rules),
      window_bytes_(std::max<size_t>(window_bytes, 2)),
      on_window_(std::move(on_window)),
      next_(std::min<uint64_t>(head.body_start, size)),
      path_(head.path),
      content_hash_(head.content_hash),
      state_(std::make_unique<State>()) {
  state_->window.path = head.path;
  state_->window.title = head.title;
  state_->window.content_hash = head.content_hash;
}

WindowedParts::WindowedParts(const LoadedDocument& head, std::string_view text, const Rules& rules,
                             size_t window_bytes, WindowProgressFn on_window)
    : WindowedParts(
          head,
          [text](uint64_t offset, size_t n) -> graph::Result<std::string_view> {
            return offset > text.size() ? std::string_view() : text.substr(offset, n);
          },
          text.size(), rules, window_bytes, std::move(on_window)) {}

WindowedParts::~WindowedParts() = default;

graph::Result<bool> WindowedParts::Next(graph::DocumentPart& part) {
  if (next_ >= size_) return false;
  const uint64_t start = next_;
  // The window and one byte more (CutPoint looks at the byte after its limit).
  const size_t want = static_cast<size_t>(std::min<uint64_t>(size_ - start, window_bytes_ + 1));
  auto got = read_(start, want);
  if (!got) return std::unexpected(got.error());
  const std::string_view view = *got;
  if (view.size() != want)
    return graph::Fail(graph::ErrorCode::kIo, path_ + " got shorter while it was read; ingest it again");
  const size_t cut = size_ - start > window_bytes_ ? CutPoint(view, 0, window_bytes_) : view.size();
  next_ = start + cut;
  LoadedDocument& window = state_->window;
  window.text = state_->merger.Context(kContextEntities);
  const auto context = static_cast<uint32_t>(window.text.size());
  window.text.append(view.substr(0, cut));
  part.text.assign(view.substr(0, cut));
  state_->merger.Add(Extract(window, rules_), static_cast<uint32_t>(start), context, part);
  if (on_window_ && !on_window_(static_cast<size_t>(next_), static_cast<size_t>(size_)))
    return graph::Fail(graph::ErrorCode::kCancelled, "Extraction of " + path_ + " cancelled");
  return true;
}

const std::vector<EntityRec>& WindowedParts::Entities() const {
  return state_->merger.entities();
}

graph::Result<std::string_view> WindowedParts::TextPiece(uint64_t offset, size_t n) {
  auto got = read_(offset, n);
  if (!got) return got;
  if (got->size() != n)
    return graph::Fail(graph::ErrorCode::kIo, path_ + " got shorter while it was read; ingest it again");
  State& st = *state_;
  if (offset == st.hashed_to) {
    st.hasher.Update(*got);
    st.hashed_to += n;
    if (st.hashed_to == size_ && st.hasher.Digest() != content_hash_) {
      return graph::Fail(graph::ErrorCode::kIo,
                         path_ + " changed while it was being ingested; ingest it again");
    }
  }
  return got;
}

}  // namespace accord::corpus
