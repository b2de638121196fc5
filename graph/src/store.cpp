// graph::Store: the SQLite-backed knowledge graph. The only file in Accord with SQL text.
//
// Internals: statements are prepared once per connection and cached by their (static) SQL text
// pointer; every public method runs inside Guard(), which turns the private SqlFailure exception
// into an Error value, so nothing escapes. Writes take BEGIN IMMEDIATE (with a busy timeout and a
// retry); reads that need several queries run inside one deferred transaction for consistency.
// User text only ever reaches SQLite as bound parameters. Ingest keeps write-side memos (merge
// keys, alias rows, relations; see Impl::Caches) and defers new relations, link rows, alias
// reference counts and entity FTS rows to one flush before each commit (FlushPending), which
// writes each table in key order. Search ranks with FTS5's bm25 formula computed here from each
// match's statistics (accord_rank_stats; see Bm25), so FTS5 does not re-run every phrase.
#include "accord/graph/store.hpp"

#include <sqlite3.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <ctime>
#include <map>
#include <functional>
#include <numeric>
#include <tuple>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "accord/graph/text_key.hpp"
#include "store_schema.hpp"

namespace accord::graph {
namespace {

constexpr int kApplicationId = 0x41435244;  // "ACRD"
constexpr int kDefaultBusyTimeoutMs = 5000;

// Thrown inside store.cpp only; Guard() turns it into an Error.
struct SqlFailure {
  ErrorCode code;
  std::string message;
};

// ---- schema and migrations -----------------------------------------------------------------

// Layout, chosen for a fast single-writer ingest (one transaction per document touches few
// pages): a document's sentences, mentions and evidence are packed into BLOBs on its own row
// (see the codecs below), and small link tables with counts keep "which documents support this
// entity / relation" indexed. Sentence text is never copied: it is sliced out of documents.text
// by the stored offsets, and the sentence FTS index is contentless with
// rowid = (document id << kSentenceBits) | sentence index. The large text column comes last, so
// reading the other columns never walks its overflow pages. entity_fts is contentless too:
// entities.fts_aliases keeps the alias text it indexed, so a row can be deleted exactly.
// No foreign keys: RemoveContribution deletes every dependent row itself.
//
//   documents.sentences     fixed little-endian uint32 pairs (start, end), in sentence order
//   documents.mentions      varints: zigzag(entity) sentence+1 start end-start, sorted by
//                           (entity, start, end), unique; sentence+1 = 0 means "none" (imports)
//   documents.evidence      varints: zigzag(relation) sentence+1 start end-start text_len+1
//                           [text bytes]; text_len+1 = 0 means "slice the document text";
//                           sorted by (relation, start, end), unique
//   documents.entity_ids    varints: zigzag(entity id), the entities linked in doc_entities
//   documents.alias_ids     varints: zigzag(alias row id), one per reference this document
//                           holds in aliases.refs (an import's document-less aliases hold a
//                           reference nobody gives back, so they stay, as before)
//   documents.relation_ids  varints: zigzag(relation id), the relations linked in relation_docs
//   documents.text          the text: TEXT, or from kTextPieceBytes on a BLOB of the same UTF-8
//                           bytes, written a piece at a time (readers take the bytes either way)
//
// The tables' SQL is in store_schema.hpp (schema::kSchemaV1 and the migrations after it).


constexpr int kSentenceFtsHashBytes = 32 << 20;  // see Store::Open
// A document text of this size or more is stored as a BLOB written a piece of this size at a
// time (Impl::WriteInPieces), so SQLite never builds a record holding a copy of it.
constexpr size_t kTextPieceBytes = size_t{1} << 20;
constexpr int kSentenceBits = 24;                     // sentences per document < 2^24
constexpr int64_t kMaxDocumentId = int64_t{1} << 38;  // so the FTS rowid fits in 63 bits
constexpr uint32_t kNoSentence = UINT32_MAX;

// ---- packed per-document arrays ----------------------------------------------------------------

void PutVar(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void PutId(std::string& out, int64_t v) {
  PutVar(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

// Reads what PutVar/PutId wrote; a truncated or malformed blob throws (a corrupt database).
class Unpack {
 public:
  explicit Unpack(std::string_view blob)
      : p_(reinterpret_cast<const uint8_t*>(blob.data())), end_(p_ + blob.size()) {}
  bool More() const { return p_ < end_; }
  uint64_t Var() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) Corrupt();
      const uint8_t b = *p_++;
      v |= uint64_t{b & 0x7Fu} << shift;
      if (!(b & 0x80)) return v;
    }
    Corrupt();
  }
  int64_t Id() {
    const uint64_t z = Var();
    return static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  uint32_t U32() {
    const uint64_t v = Var();
    if (v > UINT32_MAX) Corrupt();
    return static_cast<uint32_t>(v);
  }
  std::string_view Bytes(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Corrupt();
    std::string_view out(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return out;
  }
  [[noreturn]] static void Corrupt() {
    throw SqlFailure{ErrorCode::kDatabase, "a packed document record is damaged"};
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

struct MentionEntry {
  int64_t entity = 0;
  uint32_t sentence = kNoSentence;
  uint32_t start = 0, end = 0;
};

struct EvidenceEntry {
  int64_t relation = 0;
  uint32_t sentence = kNoSentence;
  uint32_t start = 0, end = 0;
  bool inline_text = false;  // text below, else a slice of the document text
  std::string_view text;     // inline: points into the blob (or the caller's string)
};

std::string PackSentences(const std::vector<Span>& spans) {
  std::string out(spans.size() * 8, '\0');
  char* p = out.data();
  for (const Span& s : spans) {
    for (uint32_t v : {s.start, s.end})
      for (int b = 0; b < 4; ++b) *p++ = static_cast<char>((v >> (8 * b)) & 0xFF);
  }
  return out;
}
size_t SentenceCount(std::string_view blob) { return blob.size() / 8; }
Span SentenceAt(std::string_view blob, size_t i) {
  if ((i + 1) * 8 > blob.size()) Unpack::Corrupt();
  const auto* p = reinterpret_cast<const uint8_t*>(blob.data()) + i * 8;
  auto u32 = [](const uint8_t* q) {
    return uint32_t{q[0]} | uint32_t{q[1]} << 8 | uint32_t{q[2]} << 16 | uint32_t{q[3]} << 24;
  };
  return {u32(p), u32(p + 4)};
}

void PackMention(std::string& out, const MentionEntry& m) {
  PutId(out, m.entity);
  PutVar(out, m.sentence == kNoSentence ? 0 : uint64_t{m.sentence} + 1);
  PutVar(out, m.start);
  PutVar(out, m.end - m.start);
}
std::vector<MentionEntry> UnpackMentions(std::string_view blob) {
  std::vector<MentionEntry> out;
  Unpack u(blob);
  while (u.More()) {
    MentionEntry m;
    m.entity = u.Id();
    const uint64_t s = u.Var();
    m.sentence = s == 0 ? kNoSentence : static_cast<uint32_t>(s - 1);
    m.start = u.U32();
    m.end = m.start + u.U32();
    out.push_back(m);
  }
  return out;
}

void PackEvidence(std::string& out, const EvidenceEntry& e) {
  PutId(out, e.relation);
  PutVar(out, e.sentence == kNoSentence ? 0 : uint64_t{e.sentence} + 1);
  PutVar(out, e.start);
  PutVar(out, e.end - e.start);
  if (!e.inline_text) {
    PutVar(out, 0);
  } else {
    PutVar(out, uint64_t{e.text.size()} + 1);
    out.append(e.text);
  }
}
std::vector<EvidenceEntry> UnpackEvidence(std::string_view blob) {
  std::vector<EvidenceEntry> out;
  Unpack u(blob);
  while (u.More()) {
    EvidenceEntry e;
    e.relation = u.Id();
    const uint64_t s = u.Var();
    e.sentence = s == 0 ? kNoSentence : static_cast<uint32_t>(s - 1);
    e.start = u.U32();
    e.end = e.start + u.U32();
    const uint64_t n = u.Var();
    if (n > 0) {
      e.inline_text = true;
      e.text = u.Bytes(static_cast<size_t>(n - 1));
    }
    out.push_back(e);
  }
  return out;
}

std::vector<int64_t> UnpackIds(std::string_view blob) {
  std::vector<int64_t> out;
  Unpack u(blob);
  while (u.More()) out.push_back(u.Id());
  return out;
}
std::string PackIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) PutId(out, id);
  return out;
}

// The bytes [start, end) of a document text, empty when the span lies outside it.
std::string_view Slice(std::string_view text, uint32_t start, uint32_t end) {
  if (start > end || end > text.size()) return {};
  return text.substr(start, end - start);
}

// Schema 2: document_pages.page_starts, fixed little-endian uint32s, the byte offset in
// documents.text where each page begins; a row only for documents with pages (PDF). A table of
// its own rather than a documents column: a column added after `text` would be read only by
// walking the text's overflow pages. (The SQL of every version: store_schema.hpp.)

std::string PackPageStarts(const std::vector<uint32_t>& starts) {
  std::string out(starts.size() * 4, '\0');
  char* p = out.data();
  for (uint32_t v : starts)
    for (int b = 0; b < 4; ++b) *p++ = static_cast<char>((v >> (8 * b)) & 0xFF);
  return out;
}
std::vector<uint32_t> UnpackPageStarts(std::string_view blob) {
  if (blob.size() % 4) Unpack::Corrupt();
  std::vector<uint32_t> out(blob.size() / 4);
  const auto* p = reinterpret_cast<const uint8_t*>(blob.data());
  for (size_t i = 0; i < out.size(); ++i, p += 4)
    out[i] = uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
  return out;
}

const std::vector<uint32_t>& PageStartsOf(const GraphData& g, int64_t document) {
  static const std::vector<uint32_t> kNone;
  auto it = g.page_starts.find(document);
  return it == g.page_starts.end() ? kNone : it->second;
}

// Schema 3: document_parts, the packed sentences, mentions and evidence of a document stored in
// parts (Store::IngestDocumentInParts: a text too large to hold extracted whole), one row per
// part, in the layouts of the documents columns, which such a document leaves empty. A
// document's arrays are its row's followed by its parts' in part order; mentions and evidence
// are then sorted within each part (every part's offsets follow the previous part's), which
// readers allow for: they filter by entity or relation and sort what they gather.

// migrations[v] takes a database from schema v to v + 1.
const char* const kMigrations[] = {schema::kSchemaV1, schema::kSchemaV2, schema::kSchemaV3};
static_assert(std::size(kMigrations) == kSchemaVersion, "one migration per schema version");

int BusyTimeoutMs() {
  if (const char* env = std::getenv("ACCORD_BUSY_TIMEOUT_MS")) {
    char* end = nullptr;
    const long v = std::strtol(env, &end, 10);
    if (end != env && v >= 0 && v < 600000) return static_cast<int>(v);
  }
  return kDefaultBusyTimeoutMs;
}

std::string MetadataToJson(const std::vector<std::pair<std::string, std::string>>& metadata) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto& [k, v] : metadata) {
    w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::vector<std::pair<std::string, std::string>> MetadataFromJson(const std::string& json) {
  std::vector<std::pair<std::string, std::string>> out;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  for (auto m = doc.MemberBegin(); m != doc.MemberEnd(); ++m) {
    if (!m->value.IsString()) continue;
    out.emplace_back(std::string(m->name.GetString(), m->name.GetStringLength()),
                     std::string(m->value.GetString(), m->value.GetStringLength()));
  }
  return out;
}

// Word tokens as FTS5's unicode61 tokenizer sees them: runs of letters, digits and private-use
// characters (Unicode categories L*, N*, Co; combining marks stay with their letter); spaces,
// punctuation (curly quotes, dashes, apostrophes) and symbols separate them. With `spans`, also
// each token's byte range. Invalid UTF-8 bytes separate tokens.
std::vector<std::string_view> WordTokens(std::string_view text,
                                         std::vector<std::pair<size_t, size_t>>* spans = nullptr) {
  std::vector<std::string_view> tokens;
  size_t begin = std::string_view::npos;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i <= n;) {
    const int32_t at = i;
    bool word = false;
    if (i < n && bytes[i] < 0x80) {  // ASCII: letters and digits are the word characters
      const uint8_t c = bytes[i++];
      word = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    } else if (i < n) {
      UChar32 c;
      U8_NEXT(bytes, i, n, c);
      if (c >= 0) {
        const int8_t type = u_charType(c);
        word = (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_CO_MASK)) != 0 ||
               (begin != std::string_view::npos &&
                (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK));
      }
    } else {
      ++i;
    }
    if (word && begin == std::string_view::npos) begin = static_cast<size_t>(at);
    if (!word && begin != std::string_view::npos) {
      tokens.push_back(text.substr(begin, static_cast<size_t>(at) - begin));
      if (spans) spans->emplace_back(begin, static_cast<size_t>(at));
      begin = std::string_view::npos;
    }
  }
  return tokens;
}

// A word as the search index compares it: case-folded, diacritics removed ("Côte" and "COTE"
// fold alike, as unicode61 with remove_diacritics folds them).
std::string FoldWord(std::string_view word) {
  static const UNormalizer2* nfd = [] {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* n = unorm2_getNFDInstance(&status);
    return U_SUCCESS(status) ? n : nullptr;
  }();
  std::string out;
  out.reserve(word.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(word.data());
  const auto n = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) continue;
    if (c < 0x80) {  // the common case
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      continue;
    }
    const int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK) continue;
    UChar32 base = c;
    if (nfd) {
      UChar decomposed[8];
      UErrorCode status = U_ZERO_ERROR;
      const int32_t len = unorm2_getRawDecomposition(nfd, c, decomposed, 8, &status);
      if (U_SUCCESS(status) && len > 0) {
        int32_t k = 0;
        U16_NEXT(decomposed, k, len, base);
      }
    }
    base = u_foldCase(base, U_FOLD_CASE_DEFAULT);
    char buf[U8_MAX_LENGTH];
    int32_t w = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), w, U8_MAX_LENGTH, base, error);
    if (!error) out.append(buf, static_cast<size_t>(w));
  }
  return out;
}

// The words of a search: the first kMaxQueryWords only. FTS5's cost grows much faster than
// the number of words when they repeat (a pasted paragraph took minutes); no search needs more.
constexpr size_t kMaxQueryWords = 32;
std::vector<std::string_view> QueryWords(std::string_view text) {
  std::vector<std::string_view> tokens = WordTokens(text);
  if (tokens.size() > kMaxQueryWords) tokens.resize(kMaxQueryWords);
  return tokens;
}

// A safe FTS5 query: each token quoted, implicit AND, the last one a prefix.
std::string BuildFtsQuery(std::string_view text) {
  const std::vector<std::string_view> tokens = QueryWords(text);
  std::string q;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) q.push_back(' ');
    q.push_back('"');
    q.append(tokens[i]);
    q.push_back('"');
    if (i + 1 == tokens.size()) q.push_back('*');
  }
  return q;
}

// The phrases of BuildFtsQuery(text), in order: "w1", "w2", ..., "wn"*.
std::vector<std::string> FtsPhrases(std::string_view text) {
  const std::vector<std::string_view> tokens = QueryWords(text);
  std::vector<std::string> out;
  for (size_t i = 0; i < tokens.size(); ++i)
    out.push_back("\"" + std::string(tokens[i]) + (i + 1 == tokens.size() ? "\"*" : "\""));
  return out;
}

// The whole query as one phrase, its last token a prefix: "global ai gov" * . Empty for a
// single word (the plain query is then the same).
std::string BuildFtsPhrase(std::string_view text) {
  const std::vector<std::string_view> tokens = QueryWords(text);
  if (tokens.size() < 2) return {};
  std::string q = "\"";
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i) q.push_back(' ');
    q.append(tokens[i]);
  }
  q += "\" *";
  return q;
}

// The query words as SentenceSnippet compares them (folded), computed once per search.
std::vector<std::string> SnippetWords(std::string_view query) {
  std::vector<std::string> want;
  for (std::string_view w : QueryWords(query)) want.push_back(FoldWord(w));
  return want;
}

// What FTS5's snippet() gives, computed from the text (the FTS tables are contentless): up to
// `window` tokens centred on the first matches, matched tokens wrapped in [ and ], "…" where
// the text was cut. Matching folds case and diacritics (FoldWord); the last query token matches
// as a prefix.
// `want` is SnippetWords(query). `score` (optional) receives FTS5's snippet score: 1000 per
// distinct query token in the text plus one per matched token in the window.
std::string SentenceSnippet(std::string_view sentence, const std::vector<std::string>& want,
                            size_t window = 16, size_t* score = nullptr) {
  std::vector<std::pair<size_t, size_t>> spans;
  const std::vector<std::string_view> words = WordTokens(sentence, &spans);
  std::vector<bool> hit(words.size(), false), found(want.size(), false);
  size_t first = words.size();
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string word = FoldWord(words[i]);
    for (size_t k = 0; k < want.size(); ++k) {
      const bool last = k + 1 == want.size();
      if (word == want[k] || (last && word.starts_with(want[k]))) {
        hit[i] = true;
        found[k] = true;
      }
    }
    if (hit[i] && first == words.size()) first = i;
  }

  if (words.empty()) return std::string(sentence);
  size_t from = 0, to = words.size();
  if (words.size() > window) {
    if (first < words.size()) {
      size_t last_hit = first;  // the last match that fits in one window with the first
      for (size_t i = first; i < words.size() && i < first + window; ++i)
        if (hit[i]) last_hit = i;
      const size_t spare = window - (last_hit - first + 1);
      from = first > spare / 2 ? first - spare / 2 : 0;
    }
    from = std::min(from, words.size() - window);
    to = from + window;
  }
  if (score)
    *score = 1000 * static_cast<size_t>(std::count(found.begin(), found.end(), true)) +
             static_cast<size_t>(std::count(hit.begin() + static_cast<std::ptrdiff_t>(from),
                                            hit.begin() + static_cast<std::ptrdiff_t>(to), true));
  std::string out;
  const size_t text_begin = from == 0 ? 0 : spans[from].first;
  const size_t text_end = to == words.size() ? sentence.size() : spans[to - 1].second;
  if (from > 0) out += "…";
  size_t at = text_begin;
  for (size_t i = from; i < to; ++i) {
    if (!hit[i]) continue;
    out.append(sentence.substr(at, spans[i].first - at));
    out.push_back('[');
    out.append(sentence.substr(spans[i].first, spans[i].second - spans[i].first));
    out.push_back(']');
    at = spans[i].second;
  }
  out.append(sentence.substr(at, text_end - at));
  if (to < words.size()) out += "…";
  return out;
}

// ---- bm25 without FTS5's extra passes ----------------------------------------------------------

// FTS5's bm25() first counts, for every phrase of the query, the rows of the whole table that
// hold it: one more full evaluation per phrase. For a long phrase of common words ("the …
// promotes the rule of law across …") that doubled the cost of the sentence search, and the
// entity search paid it for every word ("the", "of", "national" each in thousands of names).
// So the store reads each matching row's term statistics once (accord_rank_stats) and computes
// the rank itself, with the same inputs and the same arithmetic as FTS5's bm25() (fts5_aux.c:
// k1 = 1.2, b = 0.75, every column weight 1.0, the phrases summed in query order): the same
// doubles, so the same order. The per-phrase row counts come from the matches themselves (a
// one-phrase query read to the end) or from a per-connection memo (Impl::doc_freq).
//
// accord_rank_stats(fts_table) returns, for the current row, a blob of native int64: rows in
// the table, tokens in the table, tokens in the row, the number of phrases, then each phrase's
// instances in the row.
void RankStatsFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx,
                       int /*argc*/, sqlite3_value** /*argv*/) {
  const int phrases = api->xPhraseCount(fts);
  std::vector<int64_t> v(4 + static_cast<size_t>(std::max(phrases, 0)), 0);
  sqlite3_int64 rows = 0, tokens = 0;
  int row_tokens = 0, instances = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &row_tokens);
  if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && phrase >= 0 && phrase < phrases) ++v[4 + static_cast<size_t>(phrase)];
  }
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  v[0] = rows;
  v[1] = tokens;
  v[2] = row_tokens;
  v[3] = phrases;
  sqlite3_result_blob(ctx, v.data(), static_cast<int>(v.size() * sizeof(int64_t)),
                      SQLITE_TRANSIENT);
}

// Registers accord_rank_stats on `db`; false when FTS5 offers no API (then bm25() ranks).
bool RegisterRankStats(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return false;
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (!api || api->iVersion < 2) return false;
  return api->xCreateFunction(api, "accord_rank_stats", nullptr, RankStatsFunction, nullptr) ==
         SQLITE_OK;
}

// One row's accord_rank_stats, unpacked.
struct RankStats {
  int64_t rows = 0, tokens = 0, row_tokens = 0;
  std::vector<int64_t> freq;  // per phrase
};
RankStats ParseRankStats(std::string_view blob) {
  if (blob.size() < 4 * sizeof(int64_t) || blob.size() % sizeof(int64_t)) Unpack::Corrupt();
  std::vector<int64_t> v(blob.size() / sizeof(int64_t));
  std::memcpy(v.data(), blob.data(), blob.size());
  if (v[3] < 0 || static_cast<size_t>(v[3]) != v.size() - 4) Unpack::Corrupt();
  return {v[0], v[1], v[2], std::vector<int64_t>(v.begin() + 4, v.end())};
}

// FTS5's bm25() of one row: `hits[i]` is the number of rows of the table holding phrase i.
double Bm25(const RankStats& st, const std::vector<int64_t>& hits) {
  const double k1 = 1.2;
  const double b = 0.75;
  const double avgdl = static_cast<double>(st.tokens) / static_cast<double>(st.rows);
  const double d = static_cast<double>(st.row_tokens);
  double score = 0.0;
  for (size_t i = 0; i < st.freq.size() && i < hits.size(); ++i) {
    double idf = std::log((static_cast<double>(st.rows - hits[i]) + 0.5) /
                          (static_cast<double>(hits[i]) + 0.5));
    if (idf <= 0.0) idf = 1e-6;
    const double freq = static_cast<double>(st.freq[i]);
    score += idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * d / avgdl)));
  }
  return -1.0 * score;
}

// ---- a cached prepared statement in use ------------------------------------------------------

class Q {
 public:
  Q(sqlite3* db, sqlite3_stmt* s) : db_(db), s_(s) {}
  Q(const Q&) = delete;
  ~Q() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Q& B(int i, int64_t v) { return Check(sqlite3_bind_int64(s_, i, v)); }
  Q& B(int i, int v) { return Check(sqlite3_bind_int64(s_, i, v)); }
  Q& B(int i, uint32_t v) { return Check(sqlite3_bind_int64(s_, i, v)); }
  Q& B(int i, std::string_view v) {
    return Check(sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  Q& B(int i, const std::string& v) { return B(i, std::string_view(v)); }
  Q& B(int i, const char* v) { return B(i, std::string_view(v)); }
  Q& Null(int i) { return Check(sqlite3_bind_null(s_, i)); }
  Q& F(int i, double v) { return Check(sqlite3_bind_double(s_, i, v)); }
  Q& Blob(int i, std::string_view v) {
    return Check(sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  Q& B(int i, std::optional<int64_t> v) { return v ? B(i, *v) : Null(i); }
  // A BLOB of `n` zero bytes that SQLite writes without allocating them (see WriteInPieces).
  Q& ZeroBlob(int i, uint64_t n) { return Check(sqlite3_bind_zeroblob64(s_, i, n)); }

  // true while there is a row.
  bool Step() {
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Throw(rc);
  }
  void Run() {
    while (Step()) {
    }
  }
  int64_t I(int c) const { return sqlite3_column_int64(s_, c); }
  double D(int c) const { return sqlite3_column_double(s_, c); }
  bool IsNull(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  // A view of a text or blob column, valid until the next Step() or the end of this Q.
  std::string_view V(int c) const {
    const void* p = sqlite3_column_blob(s_, c);
    return p ? std::string_view(static_cast<const char*>(p),
                                static_cast<size_t>(sqlite3_column_bytes(s_, c)))
             : std::string_view();
  }
  std::string S(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(s_, c))) : std::string();
  }

  [[noreturn]] void Throw(int rc) const;

 private:
  Q& Check(int rc) {
    if (rc != SQLITE_OK) Throw(rc);
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* s_;
};

ErrorCode CodeFor(int rc) {
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::kLocked;
    case SQLITE_READONLY:
      return ErrorCode::kReadOnly;
    default:
      return ErrorCode::kDatabase;
  }
}

void Q::Throw(int rc) const {
  throw SqlFailure{CodeFor(rc), sqlite3_errmsg(db_)};
}

}  // namespace

// ---- Impl ------------------------------------------------------------------------------------

struct Store::Impl {
  std::filesystem::path path;
  sqlite3* db = nullptr;
  bool read_only = false;
  bool rank_stats = false;  // accord_rank_stats is registered on db
  // FTS phrase ('"word"' or '"word"*') -> rows of entity_fts holding it, for the ranking
  // (see Bm25); valid for doc_freq_version (PRAGMA data_version) and dropped by every write
  // this connection commits.
  std::unordered_map<std::string, int64_t> doc_freq;
  int64_t doc_freq_version = -1;
  int busy_timeout_ms = kDefaultBusyTimeoutMs;
  std::unordered_map<const char*, sqlite3_stmt*> cache;

  // Write-side memos, loaded whole on first use and then kept exact by every write this
  // connection makes (inserts add, removals recompute what they touched). Valid while no other
  // connection has committed (checked through PRAGMA data_version at the start of every write
  // transaction); dropped on any rollback.
  //
  // Each memo starts partial (misses are looked up in the database and remembered, a known
  // "none" included) and is loaded whole after kMemoLoadAfter misses, so a one-document ingest
  // into a large database reads little while a bulk ingest stops querying altogether.
  static constexpr int kMemoLoadAfter = 256;
  static constexpr int64_t kNone = INT64_MIN;
  // A relation's identity in the memo: the type is interned (a graph has few relation types),
  // so a lookup hashes four integers and allocates nothing.
  struct RelationKey {
    int64_t source = 0, target = 0;
    int32_t kind = 0, type = 0;
    bool operator==(const RelationKey&) const = default;
  };
  struct RelationKeyHash {
    size_t operator()(const RelationKey& k) const {
      uint64_t h = static_cast<uint64_t>(k.source) * 0x9E3779B97F4A7C15ull;
      h = (h ^ (h >> 29) ^ static_cast<uint64_t>(k.target)) * 0xBF58476D1CE4E5B9ull;
      h = (h ^ (h >> 31) ^ (static_cast<uint64_t>(static_cast<uint32_t>(k.type)) << 1 |
                            static_cast<uint64_t>(k.kind & 1))) *
          0x94D049BB133111EBull;
      return static_cast<size_t>(h ^ (h >> 32));
    }
  };
  // Heterogeneous lookup: find(string_view) without building a std::string.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  struct Caches {
    // type '\0' key -> the smallest entity of that type whose name key or non-local alias
    // key is key, or kNone. Complete once loaded: a missing key then has no entity.
    std::unordered_map<std::string, int64_t, TextHash, std::equal_to<>> merge;
    bool merge_loaded = false;
    int misses = 0;  // database lookups since the last Clear()
    std::unordered_map<int64_t, std::string> names;  // entity id -> canonical name (partial)
    // source, target, kind, type -> relation id. Complete once loaded.
    std::unordered_map<RelationKey, int64_t, RelationKeyHash> relations;
    // relation type text -> its number in RelationKey (only grows; never stored)
    std::unordered_map<std::string, int32_t, TextHash, std::equal_to<>> relation_types;
    bool relations_loaded = false;
    // entity, local, alias text -> alias row id. Complete once loaded.
    std::unordered_map<std::string, int64_t, TextHash, std::equal_to<>> aliases;
    bool aliases_loaded = false;
    void Clear() {
      merge.clear();
      names.clear();
      relations.clear();
      aliases.clear();
      merge_loaded = relations_loaded = aliases_loaded = false;
      misses = 0;
    }
  } memo;
  int64_t data_version = -1;
  // Entities whose entity_fts row must be rebuilt before the transaction commits, and those
  // among them that have no row yet.
  std::set<int64_t> fts_dirty;
  std::unordered_set<int64_t> fts_new;
  std::unordered_map<int64_t, int64_t> pending_refs;  // alias row id -> references to add
  // Link rows of the documents ingested in this transaction, written sorted by key at the
  // next FlushPending() (one ordered pass over each index instead of scattered inserts):
  // (entity, document, mentions) and (relation, document, evidence).
  std::vector<std::array<int64_t, 3>> pending_doc_entities, pending_relation_docs;
  // Relations created in this transaction and not yet written (FlushPendingRelations), and
  // the id the next one gets (0: ask the table).
  struct PendingRelation {
    int64_t id = 0, source = 0, target = 0;
    int kind = 0;
    std::string type;
  };
  std::vector<PendingRelation> pending_relations;
  int64_t next_relation_id = 0;
  // Scratch buffers of the memo lookups, kept to save allocations.
  std::vector<std::string> merge_keys;
  std::string alias_key;

  ~Impl() {
    for (auto& [sql, stmt] : cache) sqlite3_finalize(stmt);
    if (db) sqlite3_close_v2(db);
  }

  Q Prep(const char* sql) {
    auto it = cache.find(sql);
    if (it == cache.end()) {
      sqlite3_stmt* stmt = nullptr;
      const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) throw SqlFailure{CodeFor(rc), sqlite3_errmsg(db)};
      it = cache.emplace(sql, stmt).first;
    }
    return Q(db, it->second);
  }

  void Exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db);
      sqlite3_free(err);
      throw SqlFailure{CodeFor(rc), msg};
    }
  }

  // Message prefix naming the file.
  std::string Name() const { return path.string(); }

  // Fills column `column` of documents row `doc`, inserted as a zero BLOB of `size` bytes, a
  // kTextPieceBytes piece at a time from `piece(offset, n)`: only the pages of one piece are
  // built at once, where binding the whole value would have SQLite copy it into one record
  // first.
  template <class Piece>
  void WriteInPieces(int64_t doc, const char* column, uint64_t size, Piece&& piece) {
    if (size == 0) return;
    // Closed on every way out, `piece` throwing included (a part source's error).
    struct Handle {
      sqlite3_blob* blob = nullptr;
      ~Handle() {
        if (blob != nullptr) sqlite3_blob_close(blob);
      }
    } h;
    int rc = sqlite3_blob_open(db, "main", "documents", column, doc, 1, &h.blob);
    std::string msg;
    for (uint64_t at = 0; rc == SQLITE_OK && at < size; at += kTextPieceBytes) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(kTextPieceBytes, size - at));
      const std::string_view bytes = piece(at, n);
      if (bytes.size() != n) {
        msg = "a piece of the document could not be read back";
        rc = SQLITE_ERROR;
        break;
      }
      rc = sqlite3_blob_write(h.blob, bytes.data(), static_cast<int>(n), static_cast<int>(at));
    }
    if (rc != SQLITE_OK) {
      if (msg.empty()) msg = sqlite3_errmsg(db);
      throw SqlFailure{CodeFor(rc), msg};
    }
    rc = sqlite3_blob_close(std::exchange(h.blob, nullptr));
    if (rc != SQLITE_OK) throw SqlFailure{CodeFor(rc), sqlite3_errmsg(db)};
  }

  void RequireWritable() const {
    if (read_only)
      throw SqlFailure{ErrorCode::kReadOnly,
                       "the database is open read-only, so nothing can be changed"};
  }

  // Runs `body`, mapping failures to an Error that names the file.
  template <class F>
  auto Guard(const char* what, F&& body) -> Result<decltype(body())> {
    try {
      if constexpr (std::is_void_v<decltype(body())>) {
        body();
        return {};
      } else {
        return body();
      }
    } catch (const SqlFailure& f) {
      std::string msg;
      switch (f.code) {
        case ErrorCode::kLocked:
          msg = Name() + " stayed locked by another program for " +
                std::to_string(busy_timeout_ms) + " ms while trying to " + what +
                "; try again when it has finished.";
          break;
        case ErrorCode::kReadOnly:
          msg = "Could not " + std::string(what) + " in " + Name() + ": " + f.message +
                " (the file or its folder is read-only).";
          break;
        default:
          msg = "Could not " + std::string(what) + " in " + Name() + ": " + f.message + ".";
          break;
      }
      return std::unexpected(Error{f.code, std::move(msg)});
    } catch (const std::bad_alloc&) {
      return std::unexpected(
          Error{ErrorCode::kDatabase, "Ran out of memory while trying to " + std::string(what) +
                                          " in " + Name() + "."});
    } catch (const std::exception& e) {
      return std::unexpected(Error{ErrorCode::kDatabase, "Could not " + std::string(what) +
                                                             " in " + Name() + ": " + e.what() +
                                                             "."});
    }
  }

  // Write transaction: BEGIN IMMEDIATE with the busy timeout, retried once; rolls back unless
  // Commit() is called.
  class Tx {
   public:
    Tx(Impl& impl, bool write) : impl_(impl) {
      if (!write) {
        impl_.Exec("BEGIN");
        open_ = true;
        return;
      }
      impl_.RequireWritable();
      for (int attempt = 0;; ++attempt) {
        const int rc = sqlite3_exec(impl_.db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) break;
        if ((rc & 0xFF) == SQLITE_BUSY && attempt < 1) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          continue;
        }
        throw SqlFailure{CodeFor(rc), sqlite3_errmsg(impl_.db)};
      }
      open_ = true;
      Q q = impl_.Prep("PRAGMA data_version");
      const int64_t version = q.Step() ? q.I(0) : -1;
      if (version != impl_.data_version) impl_.memo.Clear();
      impl_.data_version = version;
      impl_.fts_dirty.clear();
      impl_.fts_new.clear();
      impl_.pending_refs.clear();
      impl_.pending_doc_entities.clear();
      impl_.pending_relation_docs.clear();
      impl_.pending_relations.clear();
      impl_.next_relation_id = 0;
    }
    Tx(const Tx&) = delete;
    ~Tx() {
      if (open_) {
        sqlite3_exec(impl_.db, "ROLLBACK", nullptr, nullptr, nullptr);
        impl_.memo.Clear();
      }
    }
    void Commit() {
      const int rc = sqlite3_exec(impl_.db, "COMMIT", nullptr, nullptr, nullptr);
      if (rc != SQLITE_OK) throw SqlFailure{CodeFor(rc), sqlite3_errmsg(impl_.db)};
      open_ = false;
      impl_.doc_freq.clear();
    }

   private:
    Impl& impl_;
    bool open_ = false;
  };

  // ---- building blocks ----

  static std::string MemoKey(std::string_view type, std::string_view key) {
    std::string k;
    MemoKeyInto(k, type, key);
    return k;
  }
  static void MemoKeyInto(std::string& k, std::string_view type, std::string_view key) {
    k.assign(type);
    k.push_back('\0');
    k.append(key);
  }

  RelationKey MakeRelationKey(int64_t source, int64_t target, int64_t kind,
                              std::string_view type) {
    auto it = memo.relation_types.find(type);
    if (it == memo.relation_types.end())
      it = memo.relation_types
               .emplace(std::string(type), static_cast<int32_t>(memo.relation_types.size()))
               .first;
    return {source, target, static_cast<int32_t>(kind), it->second};
  }

  void LoadMergeMemo() {
    memo.merge.clear();
    memo.merge_loaded = true;
    Q q = Prep(
        "SELECT type, key, min(id) FROM entities WHERE key <> '' GROUP BY type, key UNION ALL "
        "SELECT e.type, a.key, min(a.entity_id) FROM aliases a JOIN entities e "
        "ON e.id = a.entity_id WHERE a.local = 0 AND a.key <> '' GROUP BY e.type, a.key");
    while (q.Step()) MemoMergeKey(MemoKey(q.V(0), q.V(1)), q.I(2));
  }

  // Whether the partial memos should give way to whole ones now.
  bool LoadWhole() { return ++memo.misses > kMemoLoadAfter; }

  std::optional<int64_t> DbMergeLookup(std::string_view key, std::string_view type) {
    std::optional<int64_t> best;
    {
      Q q = Prep("SELECT min(id) FROM entities WHERE key = ? AND type = ?");
      q.B(1, key).B(2, type);
      if (q.Step() && !q.IsNull(0)) best = q.I(0);
    }
    {
      Q q = Prep(
          "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
          "WHERE a.key = ? AND a.local = 0 AND e.type = ? ORDER BY a.entity_id LIMIT 1");
      q.B(1, key).B(2, type);
      if (q.Step() && !q.IsNull(0) && (!best || q.I(0) < *best)) best = q.I(0);
    }
    return best;
  }

  // The smallest entity of `type` answering to `key` (memo_key = MemoKey(type, key)).
  std::optional<int64_t> MergeLookup(std::string_view memo_key, std::string_view key,
                                     std::string_view type) {
    auto known = [&]() -> std::optional<std::optional<int64_t>> {
      if (auto it = memo.merge.find(memo_key); it != memo.merge.end())
        return it->second == kNone ? std::nullopt : std::optional<int64_t>(it->second);
      if (memo.merge_loaded) return std::optional<int64_t>();
      return std::nullopt;
    };
    if (auto k = known()) return *k;
    if (LoadWhole()) {
      LoadMergeMemo();
      return *known();
    }
    const std::optional<int64_t> best = DbMergeLookup(key, type);
    memo.merge.insert_or_assign(std::string(memo_key), best.value_or(kNone));
    return best;
  }

  // Records that `entity` now answers to the memo key.
  void MemoMergeKey(std::string_view memo_key, int64_t entity) {
    auto it = memo.merge.find(memo_key);
    if (it == memo.merge.end()) {
      if (memo.merge_loaded) memo.merge.emplace(std::string(memo_key), entity);
      return;  // partial and never asked: the database will answer
    }
    if (it->second == kNone || entity < it->second) it->second = entity;
  }

  // After a removal: recomputes the memo entry of (type, key) from the database.
  void RecomputeMergeKey(std::string_view type, std::string_view key) {
    if (key.empty()) return;
    const std::string mk = MemoKey(type, key);
    if (!memo.merge_loaded && !memo.merge.contains(mk)) return;
    memo.merge[mk] = DbMergeLookup(key, type).value_or(kNone);
  }

  void MarkFtsDirty(int64_t entity, bool created) {
    fts_dirty.insert(entity);
    if (created) fts_new.insert(entity);
  }

  // Rebuilds the entity_fts rows of the entities marked dirty in this transaction.
  void FlushEntityFts() {
    for (int64_t e : fts_dirty) {
      std::string name, old_aliases, aliases;
      {
        Q q = Prep(
            "SELECT e.name, e.fts_aliases, ifnull((SELECT group_concat(alias, ' ') FROM "
            "(SELECT DISTINCT alias FROM aliases WHERE entity_id = e.id AND alias <> e.name "
            "ORDER BY alias)), '') FROM entities e WHERE e.id = ?");
        q.B(1, e);
        if (!q.Step()) continue;  // removed since
        name = q.S(0);
        old_aliases = q.S(1);
        aliases = q.S(2);
      }
      if (!fts_new.contains(e))
        Prep("INSERT INTO entity_fts(entity_fts, rowid, name, aliases) VALUES('delete', ?, ?, ?)")
            .B(1, e)
            .B(2, name)
            .B(3, old_aliases)
            .Run();
      Prep("INSERT INTO entity_fts(rowid, name, aliases) VALUES(?, ?, ?)")
          .B(1, e)
          .B(2, name)
          .B(3, aliases)
          .Run();
      if (aliases != old_aliases)
        Prep("UPDATE entities SET fts_aliases = ? WHERE id = ?").B(1, aliases).B(2, e).Run();
    }
    fts_dirty.clear();
    fts_new.clear();
  }

  const std::string& CanonicalName(int64_t entity) {
    auto it = memo.names.find(entity);
    if (it != memo.names.end()) return it->second;
    Q q = Prep("SELECT name FROM entities WHERE id = ?");
    q.B(1, entity);
    std::string name = q.Step() ? q.S(0) : std::string();
    return memo.names.emplace(entity, std::move(name)).first->second;
  }

  // The id of the entity `name` merges into (by `merge_names`), or of a new one (then *created).
  int64_t MergeOrInsertEntity(const std::string& name, const std::string& type,
                              const std::vector<std::string_view>& merge_names,
                              bool* created = nullptr) {
    std::vector<std::string>& keys = merge_keys;  // the first `used` are this call's
    size_t used = 0;
    std::optional<int64_t> best;
    for (std::string_view n : merge_names) {
      const std::string k = NormalizeKey(n);
      if (k.empty()) continue;
      if (used == keys.size()) keys.emplace_back();
      std::string& mk = keys[used];
      MemoKeyInto(mk, type, k);
      const auto seen = keys.begin() + static_cast<std::ptrdiff_t>(used);
      if (std::find(keys.begin(), seen, mk) != seen) continue;
      if (auto hit = MergeLookup(mk, k, type); hit && (!best || *hit < *best)) best = hit;
      ++used;
    }
    if (best) return *best;
    if (created) *created = true;
    const std::string key = NormalizeKey(name);
    Prep("INSERT INTO entities(name, type, key) VALUES(?, ?, ?)")
        .B(1, name)
        .B(2, type)
        .B(3, key)
        .Run();
    const int64_t id = sqlite3_last_insert_rowid(db);
    memo.names[id] = name;
    if (!key.empty()) MemoMergeKey(MemoKey(type, key), id);
    return id;
  }

  static std::string AliasKey(int64_t entity, std::string_view alias, bool local) {
    std::string k;
    AliasKeyInto(k, entity, alias, local);
    return k;
  }
  static void AliasKeyInto(std::string& k, int64_t entity, std::string_view alias, bool local) {
    k.assign(reinterpret_cast<const char*>(&entity), sizeof entity);
    k.push_back(local ? '1' : '0');
    k.append(alias);
  }

  void LoadAliasMemo() {
    memo.aliases.clear();
    Q q = Prep("SELECT id, entity_id, alias, local FROM aliases");
    while (q.Step()) memo.aliases.emplace(AliasKey(q.I(1), q.V(2), q.I(3) != 0), q.I(0));
    memo.aliases_loaded = true;
  }

  // Adds `refs` references to the surface form `alias` of `entity` (written at the next
  // FlushPending()); returns the alias row id and whether the row is new (then the entity's FTS
  // row must be rebuilt).
  std::pair<int64_t, bool> AddAliasRef(int64_t entity, std::string_view type,
                                       std::string_view alias, bool local, int64_t refs = 1) {
    std::string& ak = alias_key;
    AliasKeyInto(ak, entity, alias, local);
    auto it = memo.aliases.find(std::string_view(ak));
    if (it == memo.aliases.end() && !memo.aliases_loaded) {
      if (LoadWhole()) {
        LoadAliasMemo();
        it = memo.aliases.find(std::string_view(ak));
      } else {
        Q q = Prep("SELECT id FROM aliases WHERE entity_id = ? AND alias = ? AND local = ?");
        q.B(1, entity).B(2, alias).B(3, local ? 1 : 0);
        if (q.Step()) it = memo.aliases.emplace(ak, q.I(0)).first;
      }
    }
    if (it != memo.aliases.end()) {
      pending_refs[it->second] += refs;
      return {it->second, false};
    }
    const std::string key = NormalizeKey(alias);
    Prep("INSERT INTO aliases(entity_id, alias, key, local, refs) VALUES(?, ?, ?, ?, 0)")
        .B(1, entity)
        .B(2, alias)
        .B(3, key)
        .B(4, local ? 1 : 0)
        .Run();
    const int64_t id = sqlite3_last_insert_rowid(db);
    memo.aliases.emplace(ak, id);
    pending_refs[id] += refs;
    if (!local && !key.empty()) MemoMergeKey(MemoKey(type, key), entity);
    return {id, true};
  }

  // Writes what this transaction has deferred: new relations, alias reference counts, the link
  // rows of the documents ingested and entity_fts rows.
  void FlushPending() {
    FlushPendingRelations();
    for (const auto& [id, n] : pending_refs)
      Prep("UPDATE aliases SET refs = refs + ? WHERE id = ?").B(1, n).B(2, id).Run();
    pending_refs.clear();
    std::sort(pending_doc_entities.begin(), pending_doc_entities.end());
    for (const auto& [entity, doc, n] : pending_doc_entities)
      Prep("INSERT INTO doc_entities(entity_id, document_id, mentions) VALUES(?, ?, ?)")
          .B(1, entity)
          .B(2, doc)
          .B(3, n)
          .Run();
    pending_doc_entities.clear();
    std::sort(pending_relation_docs.begin(), pending_relation_docs.end());
    for (const auto& [relation, doc, n] : pending_relation_docs)
      Prep("INSERT INTO relation_docs(relation_id, document_id, evidence) VALUES(?, ?, ?)")
          .B(1, relation)
          .B(2, doc)
          .B(3, n)
          .Run();
    pending_relation_docs.clear();
    FlushEntityFts();
  }

  // Writes the relations created since the last flush, in key order (the unique index then
  // takes them in one ordered pass), with the ids they were given.
  void FlushPendingRelations() {
    std::sort(pending_relations.begin(), pending_relations.end(),
              [](const PendingRelation& x, const PendingRelation& y) {
                return std::tie(x.source, x.target, x.type, x.kind) <
                       std::tie(y.source, y.target, y.type, y.kind);
              });
    for (const PendingRelation& r : pending_relations)
      Prep("INSERT INTO relations(id, source_id, target_id, type, kind) VALUES(?, ?, ?, ?, ?)")
          .B(1, r.id)
          .B(2, r.source)
          .B(3, r.target)
          .B(4, r.type)
          .B(5, r.kind)
          .Run();
    pending_relations.clear();
  }

  void LoadRelationMemo() {
    FlushPendingRelations();  // the memo is rebuilt from the table
    memo.relations.clear();
    Q q = Prep("SELECT id, source_id, target_id, kind, type FROM relations");
    while (q.Step())
      memo.relations.emplace(MakeRelationKey(q.I(1), q.I(2), q.I(3), q.V(4)), q.I(0));
    memo.relations_loaded = true;
  }

  int64_t FindOrInsertRelation(int64_t source, int64_t target, std::string_view type, int kind,
                               std::optional<int64_t> id = std::nullopt) {
    const RelationKey mk = MakeRelationKey(source, target, kind, type);
    if (auto it = memo.relations.find(mk); it != memo.relations.end()) return it->second;
    if (!memo.relations_loaded) {
      if (LoadWhole()) {
        LoadRelationMemo();
        if (auto it = memo.relations.find(mk); it != memo.relations.end()) return it->second;
      } else {
        Q q = Prep(
            "SELECT id FROM relations WHERE source_id = ? AND target_id = ? AND type = ? AND "
            "kind = ?");
        q.B(1, source).B(2, target).B(3, type).B(4, kind);
        if (q.Step()) return memo.relations.emplace(mk, q.I(0)).first->second;
      }
    }
    int64_t found = 0;
    if (id) {  // an import keeping its ids: written at once
      FlushPendingRelations();
      Prep("INSERT INTO relations(id, source_id, target_id, type, kind) VALUES(?, ?, ?, ?, ?)")
          .B(1, *id)
          .B(2, source)
          .B(3, target)
          .B(4, type)
          .B(5, kind)
          .Run();
      found = sqlite3_last_insert_rowid(db);
      next_relation_id = 0;
    } else {
      // The id SQLite would choose (the largest + 1, in creation order); the row waits for
      // FlushPending.
      if (next_relation_id == 0) {
        Q q = Prep("SELECT ifnull(max(id), 0) + 1 FROM relations");
        next_relation_id = q.Step() ? q.I(0) : 1;
      }
      found = next_relation_id++;
      pending_relations.push_back({found, source, target, kind, std::string(type)});
    }
    memo.relations.emplace(mk, found);
    return found;
  }

  // Deletes relation `r` (when `only_if_unsupported`, only if no document supports it any
  // more), keeping the relation memo exact.
  void DeleteRelation(int64_t r, bool only_if_unsupported) {
    Q q = Prep(only_if_unsupported
                   ? "DELETE FROM relations WHERE id = ?1 AND NOT EXISTS "
                     "(SELECT 1 FROM relation_docs WHERE relation_id = ?1) "
                     "RETURNING source_id, target_id, kind, type"
                   : "DELETE FROM relations WHERE id = ?1 RETURNING source_id, target_id, kind, type");
    q.B(1, r);
    if (q.Step()) memo.relations.erase(MakeRelationKey(q.I(0), q.I(1), q.I(2), q.V(3)));
    q.Run();
    next_relation_id = 0;  // the largest id may have gone: SQLite would then reuse it
  }

  // A document's packed columns, read for an update or a removal.
  struct DocBlobs {
    std::string sentences, mentions, evidence, entity_ids, alias_ids, relation_ids, text;
  };
  std::optional<DocBlobs> ReadBlobs(int64_t doc, bool with_text) {
    Q q = Prep(
        "SELECT sentences, mentions, evidence, entity_ids, alias_ids, relation_ids, "
        "CASE WHEN ?2 THEN text ELSE '' END FROM documents WHERE id = ?1");
    q.B(1, doc).B(2, with_text ? 1 : 0);
    if (!q.Step()) return std::nullopt;
    DocBlobs b;
    b.sentences = q.V(0);
    b.mentions = q.V(1);
    b.evidence = q.V(2);
    b.entity_ids = q.V(3);
    b.alias_ids = q.V(4);
    b.relation_ids = q.V(5);
    b.text = q.V(6);
    AppendParts(doc, &b.sentences, &b.mentions, &b.evidence);
    return b;
  }

  // Appends the packed arrays of document `doc`'s parts (document_parts; none unless it was
  // stored in parts), in part order.
  void AppendParts(int64_t doc, std::string* sentences, std::string* mentions,
                   std::string* evidence) {
    Q q = Prep("SELECT sentences, mentions, evidence FROM document_parts WHERE document_id = ? "
               "ORDER BY part");
    q.B(1, doc);
    while (q.Step()) {
      sentences->append(q.V(0));
      mentions->append(q.V(1));
      evidence->append(q.V(2));
    }
  }

  // Drops every piece of evidence of `relation` from the documents that held some (used when
  // the relation itself goes because one of its entities went).
  void StripRelationEvidence(int64_t relation) {
    std::vector<int64_t> docs;
    {
      Q q = Prep("SELECT document_id FROM relation_docs WHERE relation_id = ?");
      q.B(1, relation);
      while (q.Step()) docs.push_back(q.I(0));
    }
    for (int64_t d : docs) {
      auto blobs = ReadBlobs(d, false);
      if (!blobs) continue;
      auto strip = [&](std::string_view packed) {
        std::string evidence;
        for (const EvidenceEntry& e : UnpackEvidence(packed))
          if (e.relation != relation) PackEvidence(evidence, e);
        return evidence;
      };
      std::string rel_ids;
      for (int64_t r : UnpackIds(blobs->relation_ids))
        if (r != relation) PutId(rel_ids, r);
      std::string evidence;
      {
        Q q = Prep("SELECT evidence FROM documents WHERE id = ?");  // the row's own
        q.B(1, d);
        if (q.Step()) evidence = strip(q.V(0));
      }
      Prep("UPDATE documents SET evidence = ?, relation_ids = ? WHERE id = ?")
          .Blob(1, evidence)
          .Blob(2, rel_ids)
          .B(3, d)
          .Run();
      // A document stored in parts: each part's evidence rewritten on its own.
      std::vector<int64_t> parts;
      {
        Q q = Prep("SELECT part FROM document_parts WHERE document_id = ? ORDER BY part");
        q.B(1, d);
        while (q.Step()) parts.push_back(q.I(0));
      }
      for (int64_t part : parts) {
        {
          Q q = Prep("SELECT evidence FROM document_parts WHERE document_id = ? AND part = ?");
          q.B(1, d).B(2, part);
          evidence = q.Step() ? strip(q.V(0)) : std::string();
        }
        Prep("UPDATE document_parts SET evidence = ? WHERE document_id = ? AND part = ?")
            .Blob(1, evidence)
            .B(2, d)
            .B(3, part)
            .Run();
      }
    }
    Prep("DELETE FROM relation_docs WHERE relation_id = ?").B(1, relation).Run();
  }

  // Removes a document and what only it supported (inside the caller's transaction).
  void RemoveContribution(int64_t doc) {
    FlushPending();
    auto blobs = ReadBlobs(doc, true);
    if (!blobs) return;
    // The sentence index is contentless: a row goes by restating what it indexed.
    {
      const size_t n = SentenceCount(blobs->sentences);
      for (size_t i = 0; i < n; ++i) {
        const Span s = SentenceAt(blobs->sentences, i);
        Prep("INSERT INTO sentence_fts(sentence_fts, rowid, text) VALUES('delete', ?, ?)")
            .B(1, (doc << kSentenceBits) | static_cast<int64_t>(i))
            .B(2, Slice(blobs->text, s.start, s.end))
            .Run();
      }
    }
    const std::vector<int64_t> entities = UnpackIds(blobs->entity_ids);
    const std::vector<int64_t> relations = UnpackIds(blobs->relation_ids);
    std::unordered_set<int64_t> dirty;
    std::vector<std::pair<int64_t, std::string>> stale_keys;  // (entity, key) of lost aliases
    std::vector<std::pair<std::string, std::string>> stale_merge;  // (type, key) to recompute
    for (int64_t alias : UnpackIds(blobs->alias_ids)) {
      Q q = Prep("UPDATE aliases SET refs = refs - 1 WHERE id = ? RETURNING refs, entity_id");
      q.B(1, alias);
      if (!q.Step()) continue;
      const int64_t refs = q.I(0), entity = q.I(1);
      q.Run();
      if (refs <= 0) {
        Q d = Prep("DELETE FROM aliases WHERE id = ? RETURNING key, local, alias");
        d.B(1, alias);
        if (d.Step()) {
          if (d.I(1) == 0) stale_keys.emplace_back(entity, d.S(0));
          memo.aliases.erase(AliasKey(entity, d.V(2), d.I(1) != 0));
        }
        d.Run();
        dirty.insert(entity);
      }
    }
    for (int64_t e : entities)
      Prep("DELETE FROM doc_entities WHERE entity_id = ? AND document_id = ?").B(1, e).B(2, doc).Run();
    for (int64_t r : relations)
      Prep("DELETE FROM relation_docs WHERE relation_id = ? AND document_id = ?")
          .B(1, r)
          .B(2, doc)
          .Run();
    Prep("DELETE FROM documents WHERE id = ?").B(1, doc).Run();
    Prep("DELETE FROM document_pages WHERE document_id = ?").B(1, doc).Run();
    Prep("DELETE FROM document_parts WHERE document_id = ?").B(1, doc).Run();
    for (int64_t r : relations) DeleteRelation(r, true);
    for (const auto& [entity, key] : stale_keys) {
      Q q = Prep("SELECT type FROM entities WHERE id = ?");
      q.B(1, entity);
      if (q.Step()) stale_merge.emplace_back(q.S(0), key);
    }
    for (int64_t e : entities) {
      bool orphan = false;
      {
        Q q = Prep(
            "SELECT NOT EXISTS(SELECT 1 FROM aliases WHERE entity_id = ?1) AND "
            "NOT EXISTS(SELECT 1 FROM doc_entities WHERE entity_id = ?1)");
        q.B(1, e);
        orphan = q.Step() && q.I(0) != 0;
      }
      if (orphan) {
        std::vector<int64_t> gone;
        {
          Q q = Prep("SELECT id FROM relations WHERE source_id = ?1 UNION "
                     "SELECT id FROM relations WHERE target_id = ?1");
          q.B(1, e);
          while (q.Step()) gone.push_back(q.I(0));
        }
        for (int64_t r : gone) {
          StripRelationEvidence(r);
          DeleteRelation(r, false);
        }
        {
          Q d = Prep("DELETE FROM entities WHERE id = ? RETURNING type, key, name, fts_aliases");
          d.B(1, e);
          if (d.Step()) {
            stale_merge.emplace_back(d.S(0), d.S(1));
            Prep("INSERT INTO entity_fts(entity_fts, rowid, name, aliases) "
                 "VALUES('delete', ?, ?, ?)")
                .B(1, e)
                .B(2, d.V(2))
                .B(3, d.V(3))
                .Run();
          }
          d.Run();
        }
        memo.names.erase(e);
        dirty.erase(e);
      }
    }
    for (int64_t e : dirty) MarkFtsDirty(e, false);
    FlushEntityFts();
    for (const auto& [type, key] : stale_merge) RecomputeMergeKey(type, key);
  }

  std::optional<int64_t> DocumentId(std::string_view path_text) {
    Q q = Prep("SELECT id FROM documents WHERE path = ?");
    q.B(1, path_text);
    if (q.Step()) return q.I(0);
    return std::nullopt;
  }

  DocumentInfo ReadDocument(Q& q) {  // columns: id, path, title, metadata, content_hash
    DocumentInfo d;
    d.id = q.I(0);
    d.path = q.S(1);
    d.title = q.S(2);
    d.metadata = MetadataFromJson(q.S(3));
    d.content_hash = q.S(4);
    return d;
  }

  // What a reader needs of one document to resolve packed entries.
  struct DocView {
    std::string title, sentences, mentions, evidence, text;
    std::vector<uint32_t> page_starts;
  };
  const DocView& ViewDocument(std::unordered_map<int64_t, DocView>& views, int64_t doc) {
    if (auto it = views.find(doc); it != views.end()) return it->second;
    Q q = Prep("SELECT title, sentences, mentions, evidence, text FROM documents WHERE id = ?");
    q.B(1, doc);
    DocView v;
    if (q.Step()) {
      v.title = q.S(0);
      v.sentences = q.V(1);
      v.mentions = q.V(2);
      v.evidence = q.V(3);
      v.text = q.V(4);
    }
    AppendParts(doc, &v.sentences, &v.mentions, &v.evidence);
    v.page_starts = PageStarts(doc);
    return views.emplace(doc, std::move(v)).first->second;
  }

  std::vector<uint32_t> PageStarts(int64_t doc) {
    Q q = Prep("SELECT page_starts FROM document_pages WHERE document_id = ?");
    q.B(1, doc);
    return q.Step() ? UnpackPageStarts(q.V(0)) : std::vector<uint32_t>{};
  }
  void StorePageStarts(int64_t doc, const std::vector<uint32_t>& starts) {
    if (starts.empty()) return;
    Prep("INSERT OR REPLACE INTO document_pages(document_id, page_starts) VALUES(?, ?)")
        .B(1, doc)
        .Blob(2, PackPageStarts(starts))
        .Run();
  }

  // A SentenceRef for a mention or piece of evidence; `fallback` is the sentence text used when
  // the entry names no sentence (imports).
  static SentenceRef MakeRef(int64_t doc, const DocView& v, uint32_t sentence, uint32_t start,
                             uint32_t end, std::string_view fallback) {
    SentenceRef r;
    r.document = doc;
    r.document_title = v.title;
    r.start = start;
    r.end = end;
    r.page = PageOf(v.page_starts, start);
    if (sentence != kNoSentence && sentence < SentenceCount(v.sentences)) {
      const Span s = SentenceAt(v.sentences, sentence);
      r.sentence_start = s.start;
      r.sentence_end = s.end;
      r.sentence = Slice(v.text, s.start, s.end);
    } else {
      r.sentence_start = start;
      r.sentence_end = end;
      r.sentence = fallback;
    }
    return r;
  }

  // Evidence of one relation, by (document, start, end).
  std::vector<SentenceRef> EvidenceRefs(int64_t relation,
                                        std::unordered_map<int64_t, DocView>& views) {
    std::vector<SentenceRef> out;
    std::vector<int64_t> docs;
    {
      Q q = Prep("SELECT document_id FROM relation_docs WHERE relation_id = ? ORDER BY 1");
      q.B(1, relation);
      while (q.Step()) docs.push_back(q.I(0));
    }
    for (int64_t d : docs) {
      const DocView& v = ViewDocument(views, d);
      for (const EvidenceEntry& e : UnpackEvidence(v.evidence)) {
        if (e.relation != relation) continue;
        out.push_back(MakeRef(d, v, e.sentence, e.start, e.end, EvidenceText(v.text, e)));
      }
    }
    return out;
  }

  LinkInfo ReadLink(int64_t relation) {
    LinkInfo link;
    {
      Q q = Prep("SELECT id, source_id, target_id, type, kind FROM relations WHERE id = ?");
      q.B(1, relation);
      if (!q.Step()) throw SqlFailure{ErrorCode::kNotFound, "no relation " + std::to_string(relation)};
      link.id = q.I(0);
      link.source = q.I(1);
      link.target = q.I(2);
      link.type = q.S(3);
      link.kind = q.I(4) ? RelationKind::kCooccurrence : RelationKind::kStated;
    }
    std::vector<int64_t> docs;
    {
      Q q = Prep("SELECT document_id FROM relation_docs WHERE relation_id = ? ORDER BY 1");
      q.B(1, relation);
      while (q.Step()) docs.push_back(q.I(0));
    }
    std::unordered_map<int64_t, DocView> views;
    for (int64_t d : docs) {
      const DocView& v = ViewDocument(views, d);
      for (const EvidenceEntry& e : UnpackEvidence(v.evidence))
        if (e.relation == relation)
          link.evidence.push_back({d, e.start, e.end, std::string(EvidenceText(v.text, e))});
    }
    return link;
  }

  static std::string_view EvidenceText(std::string_view doc_text, const EvidenceEntry& e) {
    return e.inline_text ? e.text : Slice(doc_text, e.start, e.end);
  }

  bool EntityExists(int64_t id) {
    Q q = Prep("SELECT 1 FROM entities WHERE id = ?");
    q.B(1, id);
    return q.Step();
  }

  // One hop: (relation id, other entity) pairs, both directions, ordered by relation id.
  std::vector<std::pair<int64_t, int64_t>> Hop(int64_t entity, bool include_cooccurrence) {
    std::vector<std::pair<int64_t, int64_t>> out;
    {
      Q q = Prep("SELECT id, target_id FROM relations WHERE source_id = ?1 AND (kind = 0 OR ?2)");
      q.B(1, entity).B(2, include_cooccurrence ? 1 : 0);
      while (q.Step()) out.emplace_back(q.I(0), q.I(1));
    }
    {
      Q q = Prep("SELECT id, source_id FROM relations WHERE target_id = ?1 AND (kind = 0 OR ?2)");
      q.B(1, entity).B(2, include_cooccurrence ? 1 : 0);
      while (q.Step())
        if (q.I(1) != entity) out.emplace_back(q.I(0), q.I(1));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  IngestOutcome IngestOne(const DocumentRec& doc);  // inside the caller's write transaction
  IngestOutcome IngestParts(const DocumentRec& head, uint64_t text_size, DocumentParts& parts);

  // The steps of both. ClaimDocument: the row id a new or changed document gets (a changed
  // one's old contribution removed first), or nullopt when `path` is stored with `hash` already.
  std::optional<int64_t> ClaimDocument(std::string_view path, std::string_view hash,
                                       IngestOutcome* outcome);
  // The sentence index rows of `spans` (the first has index `first`); `text` holds the
  // document's bytes from `text_offset` on.
  void IndexSentences(int64_t doc_id, uint32_t first, std::span<const Span> spans,
                      std::string_view text, uint32_t text_offset);
  // The entity `e` merges into (or a new one), by its name and non-local aliases.
  int64_t MergeEntity(const EntityRec& e);
  std::vector<std::string_view> merge_names;  // MergeEntity's scratch
  // One alias reference per surface form of `e` (its name included) that `first_form` has not
  // seen for this document; the reference ids go to `alias_ids`.
  using FirstForm = std::function<bool(int64_t, std::string_view, bool)>;
  void AddForms(int64_t id, const EntityRec& e, const FirstForm& first_form,
                std::vector<int64_t>& alias_ids);
  // A document row's packed arrays.
  struct DocumentBlobs {
    std::string sentences, mentions, evidence, entity_ids, alias_ids, relation_ids;
  };
  // Queues the document's link rows (doc_entities from `links`: entity, mentions;
  // relation_docs from `relation_links`: relation, evidence; both ascending) and packs the ids
  // they name, and the alias references, into `b`.
  void LinkDocument(int64_t doc_id, const std::vector<std::pair<int64_t, int64_t>>& links,
                    const std::vector<std::pair<int64_t, int64_t>>& relation_links,
                    const std::vector<int64_t>& alias_ids, DocumentBlobs& b);
  // The documents row; the text is bound as it is, or zero-filled (text_in_pieces) for
  // WriteInPieces.
  void InsertDocumentRow(int64_t doc_id, const DocumentRec& head, const DocumentBlobs& b,
                         uint64_t text_size, bool text_in_pieces, std::string_view text);

  bool IsEmpty() {
    Q q = Prep("SELECT NOT EXISTS(SELECT 1 FROM documents) AND NOT EXISTS(SELECT 1 FROM entities)");
    return q.Step() && q.I(0) != 0;
  }
};

// ---- open ------------------------------------------------------------------------------------

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::filesystem::path& Store::path() const { return impl_->path; }

Result<Store> Store::Open(const std::filesystem::path& path, OpenMode mode) {
  namespace fs = std::filesystem;
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = mode == OpenMode::kReadOnly;
  impl->busy_timeout_ms = BusyTimeoutMs();
  const std::string name = path.string();
  std::error_code ec;
  if (mode == OpenMode::kReadOnly) {
    if (!fs::exists(path, ec))
      return Fail(ErrorCode::kNotFound, "The database " + name + " does not exist.");
  } else if (path.has_parent_path() && !fs::exists(path.parent_path(), ec)) {
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      return Fail(ErrorCode::kIo, "Could not create the folder " + path.parent_path().string() +
                                      " for the database: " + ec.message() + ".");
  }
  if (fs::is_directory(path, ec))
    return Fail(ErrorCode::kDatabase, name + " is a folder, not an Accord database.");
  const int flags = mode == OpenMode::kReadOnly
                        ? SQLITE_OPEN_READONLY
                        : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(name.c_str(), &impl->db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = impl->db ? sqlite3_errmsg(impl->db) : sqlite3_errstr(rc);
    return Fail(CodeFor(rc) == ErrorCode::kReadOnly ? ErrorCode::kReadOnly : ErrorCode::kDatabase,
                "Could not open the database " + name + ": " + msg + ".");
  }
  sqlite3_extended_result_codes(impl->db, 0);
  sqlite3_busy_timeout(impl->db, impl->busy_timeout_ms);
  if (sqlite3_db_readonly(impl->db, "main") == 1) impl->read_only = true;

  Impl& s = *impl;
  int app_id = 0, version = 0;
  int64_t objects = 0;
  auto read_header = [&] {
    {
      Q q = s.Prep("PRAGMA application_id");
      if (q.Step()) app_id = static_cast<int>(q.I(0));
    }
    {
      Q q = s.Prep("PRAGMA user_version");
      if (q.Step()) version = static_cast<int>(q.I(0));
    }
    {
      Q q = s.Prep("SELECT count(*) FROM sqlite_schema");
      if (q.Step()) objects = q.I(0);
    }
  };
  try {
    try {
      read_header();
    } catch (const SqlFailure& f) {
      // A WAL database we may not write, in a folder we may not write: SQLite cannot create the
      // -shm index it reads through. With no -wal file beside it the file holds every commit,
      // so it is read as immutable (no locks, no -shm; nobody can write it either).
      if (!impl->read_only || f.code != ErrorCode::kReadOnly || fs::exists(name + "-wal", ec))
        throw;
      for (auto& [sql, stmt] : s.cache) sqlite3_finalize(stmt);
      s.cache.clear();
      sqlite3_close_v2(s.db);
      s.db = nullptr;
      std::string uri = "file:";
      for (unsigned char c : fs::absolute(path, ec).string()) {
        static const char* hex = "0123456789ABCDEF";
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7F) {
          uri += '%';
          uri += hex[c >> 4];
          uri += hex[c & 15];
        } else {
          uri += static_cast<char>(c);
        }
      }
      uri += "?immutable=1";
      if (sqlite3_open_v2(uri.c_str(), &s.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
                                                   SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        throw;
      sqlite3_extended_result_codes(s.db, 0);
      read_header();
    }
  } catch (const SqlFailure& f) {
    if (f.code == ErrorCode::kLocked)
      return Fail(ErrorCode::kLocked, name + " stayed locked by another program; try again later.");
    return Fail(ErrorCode::kDatabase,
                name + " is not an Accord database (" + f.message + ").");
  }
  if (app_id != kApplicationId && (app_id != 0 || version != 0 || objects != 0))
    return Fail(ErrorCode::kDatabase,
                name + " is an SQLite file but not an Accord database (it holds other tables).");
  if (version > kSchemaVersion)
    return Fail(ErrorCode::kSchemaTooNew,
                name + " was written by a newer Accord (schema " + std::to_string(version) +
                    "; this build reads up to " + std::to_string(kSchemaVersion) + ").");
  if (version > 0 && version < kSchemaVersion && mode == OpenMode::kReadOnly) {
    // A database from an older Accord, opened only to read: upgrade it once (the migrations
    // are one transaction) when the file can be written, then read the upgraded file. A file
    // nobody may write keeps the error below.
    if (::access(path.c_str(), W_OK) == 0) {
      bool done = false;
      {
        auto upgraded = Open(path, OpenMode::kReadWrite);  // closed at the end of this block
        done = upgraded.has_value();
      }
      if (done) return Open(path, OpenMode::kReadOnly);
    }
  }
  if (version < kSchemaVersion && impl->read_only) {
    if (mode == OpenMode::kReadOnly && version == 0)
      return Fail(ErrorCode::kDatabase, name + " is empty, not an Accord database.");
    return Fail(ErrorCode::kReadOnly,
                name + " needs to be created or upgraded to schema " +
                    std::to_string(kSchemaVersion) + " but it is read-only.");
  }
  try {
    if (!impl->read_only) {
      s.Exec("PRAGMA journal_mode=WAL");
      s.Exec("PRAGMA synchronous=NORMAL");
    }
    s.Exec("PRAGMA cache_size=-65536");  // 64 MiB page cache: ingest touches many index pages
    s.Exec("PRAGMA temp_store=MEMORY");
    s.Exec("PRAGMA mmap_size=268435456");  // 256 MiB of the file read through mmap
    if (!impl->read_only) s.Exec("PRAGMA wal_autocheckpoint=8192");  // 32 MiB of 4 KiB pages
    if (version < kSchemaVersion) {
      Impl::Tx tx(s, true);
      int current = 0;
      {
        Q q = s.Prep("PRAGMA user_version");  // re-read under the write lock
        if (q.Step()) current = static_cast<int>(q.I(0));
      }
      for (int v = current; v < kSchemaVersion; ++v) s.Exec(kMigrations[v]);
      // A new database: the sentence index buffers up to kSentenceFtsHashBytes of new
      // entries in memory before it writes a segment (FTS5's default is 1 MB), so a 4 MB ingest
      // group makes one segment instead of several and later merges move less (~10 % of the
      // index's insert time at 50 MB). A setting in the index's own config table, so any
      // FTS5 reads the file as before; older databases keep the default.
      if (current == 0)
        s.Exec(("INSERT INTO sentence_fts(sentence_fts, rank) VALUES('hashsize', " +
                std::to_string(kSentenceFtsHashBytes) + ")")
                   .c_str());
      s.Exec(("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
      s.Exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
      tx.Commit();
    }
  } catch (const SqlFailure& f) {
    if (f.code == ErrorCode::kLocked)
      return Fail(ErrorCode::kLocked, name + " stayed locked by another program for " +
                                          std::to_string(impl->busy_timeout_ms) +
                                          " ms while opening it; try again later.");
    return Fail(f.code == ErrorCode::kReadOnly ? ErrorCode::kReadOnly : ErrorCode::kDatabase,
                "Could not prepare the database " + name + ": " + f.message + ".");
  }
  impl->rank_stats = RegisterRankStats(impl->db);
  return Store(std::move(impl));
}

// ---- documents -------------------------------------------------------------------------------

Result<std::optional<std::string>> Store::DocumentHash(std::string_view path_text) {
  return impl_->Guard("read a document hash", [&]() -> std::optional<std::string> {
    Q q = impl_->Prep("SELECT content_hash FROM documents WHERE path = ?");
    q.B(1, path_text);
    if (q.Step()) return q.S(0);
    return std::nullopt;
  });
}

namespace {

// Checks indices and spans before anything touches the database.
Status ValidateDocument(const DocumentRec& doc) {
  const size_t text_size = doc.text.size();
  auto bad = [&](const std::string& what) {
    return Fail(ErrorCode::kInvalid, "The extraction of " + doc.path + " is inconsistent: " + what + ".");
  };
  if (doc.sentences.size() >= (size_t{1} << kSentenceBits))
    return bad("it has more than " + std::to_string(1 << kSentenceBits) + " sentences");
  for (const Span& s : doc.sentences)
    if (s.start > s.end || s.end > text_size) return bad("a sentence span lies outside the text");
  for (const MentionRec& m : doc.mentions)
    if (m.entity >= doc.entities.size() || m.sentence >= doc.sentences.size() ||
        m.span.start > m.span.end || m.span.end > text_size)
      return bad("a mention names a missing entity or sentence");
  for (const RelationRec& r : doc.relations) {
    if (r.source >= doc.entities.size() || r.target >= doc.entities.size())
      return bad("a relation names a missing entity");
    for (const EvidenceRec& e : r.evidence)
      if (e.sentence >= doc.sentences.size() || e.span.start > e.span.end ||
          e.span.end > text_size)
        return bad("a piece of evidence lies outside the text");
  }
  for (size_t i = 0; i < doc.page_starts.size(); ++i)
    if (doc.page_starts[i] > text_size || (i > 0 && doc.page_starts[i] < doc.page_starts[i - 1]))
      return bad("its page starts are out of order or outside the text");
  return {};
}

// Adds or replaces one document inside the caller's write transaction.
}  // namespace

// ---- the steps of storing one document (IngestOne; IngestParts for a document in parts) -------

std::optional<int64_t> Store::Impl::ClaimDocument(std::string_view path, std::string_view hash,
                                                  IngestOutcome* outcome) {
  Impl& s = *this;
  *outcome = IngestOutcome::kAdded;
  {
    std::optional<std::pair<int64_t, std::string>> existing;
    {
      Q q = s.Prep("SELECT id, content_hash FROM documents WHERE path = ?");
      q.B(1, path);
      if (q.Step()) existing.emplace(q.I(0), q.S(1));
    }
    if (existing) {
      if (existing->second == hash) {
        *outcome = IngestOutcome::kUnchanged;
        return std::nullopt;
      }
      s.RemoveContribution(existing->first);
      *outcome = IngestOutcome::kReplaced;
    }
  }
  int64_t doc_id = 1;
  {
    Q q = s.Prep("SELECT max(id) FROM documents");
    if (q.Step() && !q.IsNull(0)) doc_id = q.I(0) + 1;
  }
  if (doc_id <= 0 || doc_id >= kMaxDocumentId)
    throw SqlFailure{ErrorCode::kDatabase, "document ids have run out (the largest is " +
                                               std::to_string(doc_id - 1) + ")"};
  return doc_id;
}

void Store::Impl::IndexSentences(int64_t doc_id, uint32_t first, std::span<const Span> spans,
                                 std::string_view text, uint32_t text_offset) {
  for (size_t i = 0; i < spans.size(); ++i) {
    const Span& sp = spans[i];
    Prep("INSERT INTO sentence_fts(rowid, text) VALUES(?, ?)")
        .B(1, (doc_id << kSentenceBits) | static_cast<int64_t>(first + i))
        .B(2, text.substr(sp.start - text_offset, sp.end - sp.start))
        .Run();
  }
}

int64_t Store::Impl::MergeEntity(const EntityRec& e) {
  merge_names.assign(1, e.name);
  for (const AliasRec& a : e.aliases)
    if (!a.local) merge_names.push_back(a.text);
  bool created = false;
  const int64_t id = MergeOrInsertEntity(e.name, e.type, merge_names, &created);
  if (created) MarkFtsDirty(id, true);
  return id;
}

void Store::Impl::AddForms(int64_t id, const EntityRec& e, const FirstForm& first_form,
                           std::vector<int64_t>& alias_ids) {
  const std::string& canonical = CanonicalName(id);  // map nodes stay put
  auto add = [&](std::string_view text, bool local) {
    if (!first_form(id, text, local)) return;
    if (text == canonical) return;  // the name itself is no alias
    const auto [alias, fresh] = AddAliasRef(id, e.type, text, local);
    alias_ids.push_back(alias);
    if (fresh) MarkFtsDirty(id, false);
  };
  add(e.name, false);
  for (const AliasRec& a : e.aliases) add(a.text, a.local);
}

namespace {

// Packs `mentions` into `blob`, sorted and unique by (entity, start, end) (the first one stated
// wins), with entity ids from `entity_ids` and sentence indices shifted by `sentence_base`;
// `counts` gets (entity, mentions) in ascending entity order. What is sorted is an index
// (4 bytes a mention), not a copy of the records, so a large document's mentions are never
// held twice.
void PackMentionsSorted(std::span<const MentionRec> mentions, const std::vector<int64_t>& entity_ids,
                        uint32_t sentence_base, std::string& blob,
                        std::vector<std::pair<int64_t, int64_t>>& counts) {
  std::vector<uint32_t> order(mentions.size());
  std::iota(order.begin(), order.end(), uint32_t{0});
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const MentionRec& x = mentions[a];
    const MentionRec& y = mentions[b];
    return std::tuple(entity_ids[x.entity], x.span.start, x.span.end, a) <
           std::tuple(entity_ids[y.entity], y.span.start, y.span.end, b);
  });
  blob.reserve(blob.size() + order.size() * 8);
  const MentionRec* last = nullptr;
  for (uint32_t k : order) {
    const MentionRec& m = mentions[k];
    const int64_t entity = entity_ids[m.entity];
    if (last != nullptr && entity_ids[last->entity] == entity && last->span.start == m.span.start &&
        last->span.end == m.span.end)
      continue;
    last = &m;
    PackMention(blob, {entity, m.sentence + sentence_base, m.span.start, m.span.end});
    if (counts.empty() || counts.back().first != entity) counts.emplace_back(entity, 0);
    ++counts.back().second;
  }
}

// The same for the evidence of `relations` (relation r has id relation_ids[r]): sorted and
// unique by (relation, start, end); `counts` gets (relation, evidence) ascending.
void PackEvidenceSorted(std::span<const RelationRec> relations,
                        const std::vector<int64_t>& relation_ids, uint32_t sentence_base,
                        std::string& blob, std::vector<std::pair<int64_t, int64_t>>& counts) {
  struct Ref {
    uint32_t relation, evidence;
  };
  std::vector<Ref> refs;
  for (uint32_t r = 0; r < relations.size(); ++r)
    for (uint32_t e = 0; e < relations[r].evidence.size(); ++e) refs.push_back({r, e});
  auto of = [&](Ref x) -> const EvidenceRec& { return relations[x.relation].evidence[x.evidence]; };
  std::sort(refs.begin(), refs.end(), [&](Ref a, Ref b) {
    const EvidenceRec& x = of(a);
    const EvidenceRec& y = of(b);
    return std::tuple(relation_ids[a.relation], x.span.start, x.span.end, a.relation, a.evidence) <
           std::tuple(relation_ids[b.relation], y.span.start, y.span.end, b.relation, b.evidence);
  });
  blob.reserve(blob.size() + refs.size() * 8);
  const EvidenceRec* last = nullptr;
  int64_t last_relation = 0;
  for (Ref x : refs) {
    const EvidenceRec& e = of(x);
    const int64_t rel = relation_ids[x.relation];
    if (last != nullptr && last_relation == rel && last->span.start == e.span.start &&
        last->span.end == e.span.end)
      continue;
    last = &e;
    last_relation = rel;
    PackEvidence(blob, {rel, e.sentence + sentence_base, e.span.start, e.span.end, false, {}});
    if (counts.empty() || counts.back().first != rel) counts.emplace_back(rel, 0);
    ++counts.back().second;
  }
}

// Sorts and dedups `ids`, then pairs each with its count in `counts` (ascending by id; 0 when
// missing).
std::vector<std::pair<int64_t, int64_t>> WithCounts(
    std::vector<int64_t> ids, const std::vector<std::pair<int64_t, int64_t>>& counts) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<std::pair<int64_t, int64_t>> out;
  out.reserve(ids.size());
  size_t k = 0;
  for (int64_t id : ids) {
    while (k < counts.size() && counts[k].first < id) ++k;
    out.emplace_back(id, k < counts.size() && counts[k].first == id ? counts[k].second : 0);
  }
  return out;
}

}  // namespace

void Store::Impl::InsertDocumentRow(int64_t doc_id, const DocumentRec& head, const DocumentBlobs& b,
                                    uint64_t text_size, bool in_pieces, std::string_view text) {
  Q q = Prep(
      "INSERT INTO documents(id, path, title, metadata, content_hash, ingested_at, sentences, "
      "mentions, evidence, entity_ids, alias_ids, relation_ids, text) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // Bound without a copy (SQLITE_STATIC): every value lives until Run.
  const std::string metadata = MetadataToJson(head.metadata);
  q.B(1, doc_id)
      .B(2, head.path)
      .B(3, head.title)
      .B(4, metadata)
      .B(5, head.content_hash)
      .B(6, static_cast<int64_t>(std::time(nullptr)));
  q.Blob(7, b.sentences)
      .Blob(8, b.mentions)
      .Blob(9, b.evidence)
      .Blob(10, b.entity_ids)
      .Blob(11, b.alias_ids)
      .Blob(12, b.relation_ids);
  if (in_pieces)
    q.ZeroBlob(13, text_size);
  else
    q.B(13, text);
  q.Run();
}

void Store::Impl::LinkDocument(int64_t doc_id, const std::vector<std::pair<int64_t, int64_t>>& links,
                               const std::vector<std::pair<int64_t, int64_t>>& relation_links,
                               const std::vector<int64_t>& alias_ids, DocumentBlobs& b) {
  std::vector<int64_t> ids;
  ids.reserve(std::max(links.size(), relation_links.size()));
  for (const auto& [entity, n] : links) {
    pending_doc_entities.push_back({entity, doc_id, n});
    ids.push_back(entity);
  }
  b.entity_ids = PackIds(ids);
  b.alias_ids = PackIds(alias_ids);
  ids.clear();
  for (const auto& [rel, n] : relation_links) {
    pending_relation_docs.push_back({rel, doc_id, n});
    ids.push_back(rel);
  }
  b.relation_ids = PackIds(ids);
}

IngestOutcome Store::Impl::IngestOne(const DocumentRec& doc) {
  Impl& s = *this;
  IngestOutcome outcome;
  const std::optional<int64_t> claimed = s.ClaimDocument(doc.path, doc.content_hash, &outcome);
  if (!claimed) return outcome;
  const int64_t doc_id = *claimed;

  // Sentences: the contentless FTS index only (their spans go on the document row).
  s.IndexSentences(doc_id, 0, doc.sentences, doc.text, 0);

  // Entities, merged across documents; one alias reference per distinct surface form.
  std::vector<int64_t> entity_ids(doc.entities.size());
  std::vector<int64_t> alias_ids;
  std::set<std::tuple<int64_t, std::string_view, bool>> forms;
  const FirstForm first_form = [&](int64_t id, std::string_view text, bool local) {
    return forms.emplace(id, text, local).second;
  };
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    entity_ids[i] = s.MergeEntity(doc.entities[i]);
    s.AddForms(entity_ids[i], doc.entities[i], first_form, alias_ids);
  }

  DocumentBlobs b;
  std::vector<std::pair<int64_t, int64_t>> mention_counts;
  PackMentionsSorted(doc.mentions, entity_ids, 0, b.mentions, mention_counts);
  const auto links = WithCounts(entity_ids, mention_counts);

  std::vector<int64_t> relation_ids(doc.relations.size());
  for (size_t r = 0; r < doc.relations.size(); ++r) {
    const RelationRec& rel = doc.relations[r];
    relation_ids[r] = s.FindOrInsertRelation(entity_ids[rel.source], entity_ids[rel.target],
                                             rel.type, static_cast<int>(rel.kind));
  }
  std::vector<std::pair<int64_t, int64_t>> evidence_counts;
  PackEvidenceSorted(doc.relations, relation_ids, 0, b.evidence, evidence_counts);
  const auto relation_links = WithCounts(relation_ids, evidence_counts);
  b.sentences = PackSentences(doc.sentences);
  s.LinkDocument(doc_id, links, relation_links, alias_ids, b);
  const bool in_pieces = doc.text.size() >= kTextPieceBytes;
  s.InsertDocumentRow(doc_id, doc, b, doc.text.size(), in_pieces, doc.text);
  if (in_pieces) {
    s.WriteInPieces(doc_id, "text", doc.text.size(), [&](uint64_t at, size_t n) {
      return std::string_view(doc.text).substr(static_cast<size_t>(at), n);
    });
  }
  s.StorePageStarts(doc_id, doc.page_starts);
  return outcome;
}

namespace {

// A part's answer that stops IngestParts (a cancel, a read error, an inconsistent part): thrown
// past Guard, which keeps its own message for database failures, and turned back into `error`.
struct PartsStopped {
  Error error;
};

[[noreturn]] void StopParts(const DocumentRec& head, const std::string& what) {
  throw PartsStopped{Error{ErrorCode::kInvalid,
                           "The extraction of " + head.path + " is inconsistent: " + what + "."}};
}

}  // namespace

IngestOutcome Store::Impl::IngestParts(const DocumentRec& head, uint64_t text_size,
                                       DocumentParts& parts) {
  Impl& s = *this;
  IngestOutcome outcome;
  const std::optional<int64_t> claimed = s.ClaimDocument(head.path, head.content_hash, &outcome);
  if (!claimed) return outcome;
  const int64_t doc_id = *claimed;

  int64_t part_number = 0;
  std::vector<int64_t> entity_ids;  // by the parts' entity index; kNone = not merged yet
  std::vector<int64_t> alias_ids;
  std::set<std::tuple<int64_t, std::string, bool>> forms;
  const FirstForm first_form = [&](int64_t id, std::string_view text, bool local) {
    return forms.emplace(id, std::string(text), local).second;
  };
  std::unordered_map<int64_t, int64_t> mentions_of, evidence_of;  // entity / relation -> count
  auto resolve = [&](uint32_t e) {
    const std::vector<EntityRec>& table = parts.Entities();
    if (e >= table.size()) StopParts(head, "a part names a missing entity");
    if (entity_ids.size() < table.size()) entity_ids.resize(table.size(), kNone);
    if (entity_ids[e] == kNone) entity_ids[e] = s.MergeEntity(table[e]);
    return entity_ids[e];
  };

  uint64_t sentence_count = 0;
  DocumentPart part;
  std::vector<std::pair<int64_t, int64_t>> counts;
  std::vector<int64_t> relation_ids;
  for (;;) {
    Result<bool> more = parts.Next(part);
    if (!more) throw PartsStopped{more.error()};
    if (!*more) break;
    // The part must hold together, as ValidateDocument checks a whole record.
    const uint64_t text_end = uint64_t{part.text_offset} + part.text.size();
    if (text_end > text_size) StopParts(head, "a part's text lies outside the document");
    for (const Span& sp : part.sentences)
      if (sp.start > sp.end || sp.start < part.text_offset || sp.end > text_end)
        StopParts(head, "a sentence span lies outside its part");
    sentence_count += part.sentences.size();
    if (sentence_count >= (uint64_t{1} << kSentenceBits))
      StopParts(head, "it has more than " + std::to_string(1 << kSentenceBits) + " sentences");
    const uint32_t first = static_cast<uint32_t>(sentence_count - part.sentences.size());
    for (const MentionRec& m : part.mentions)
      if (m.sentence >= part.sentences.size() || m.span.start > m.span.end || m.span.end > text_size)
        StopParts(head, "a mention names a missing sentence");
    for (const RelationRec& r : part.relations)
      for (const EvidenceRec& e : r.evidence)
        if (e.sentence >= part.sentences.size() || e.span.start > e.span.end ||
            e.span.end > text_size)
          StopParts(head, "a piece of evidence lies outside the text");

    s.IndexSentences(doc_id, first, part.sentences, part.text, part.text_offset);
    for (uint32_t e : part.entities) {
      const int64_t id = resolve(e);  // checks e first
      s.AddForms(id, parts.Entities()[e], first_form, alias_ids);
    }
    for (const MentionRec& m : part.mentions) resolve(m.entity);
    std::array<std::string, 3> arrays;
    counts.clear();
    PackMentionsSorted(part.mentions, entity_ids, first, arrays[1], counts);
    for (const auto& [entity, n] : counts) mentions_of[entity] += n;

    relation_ids.resize(part.relations.size());
    for (size_t r = 0; r < part.relations.size(); ++r) {
      const RelationRec& rel = part.relations[r];
      relation_ids[r] = s.FindOrInsertRelation(resolve(rel.source), resolve(rel.target), rel.type,
                                               static_cast<int>(rel.kind));
      evidence_of.try_emplace(relation_ids[r], 0);
    }
    counts.clear();
    PackEvidenceSorted(part.relations, relation_ids, first, arrays[2], counts);
    for (const auto& [rel, n] : counts) evidence_of[rel] += n;
    arrays[0] = PackSentences(part.sentences);
    Prep("INSERT INTO document_parts(document_id, part, sentences, mentions, evidence) "
         "VALUES(?, ?, ?, ?, ?)")
        .B(1, doc_id)
        .B(2, part_number++)
        .Blob(3, arrays[0])
        .Blob(4, arrays[1])
        .Blob(5, arrays[2])
        .Run();
  }
  part = DocumentPart{};

  // Every entity of the table is merged and gives its final aliases (a part's entities gave
  // theirs as they stood then; the forms seen are not given twice).
  const std::vector<EntityRec>& table = parts.Entities();
  for (uint32_t e = 0; e < table.size(); ++e) {
    const int64_t id = resolve(e);
    s.AddForms(id, table[e], first_form, alias_ids);
  }

  std::vector<std::pair<int64_t, int64_t>> mention_counts(mentions_of.begin(), mentions_of.end());
  std::sort(mention_counts.begin(), mention_counts.end());
  const auto links = WithCounts(entity_ids, mention_counts);
  std::vector<std::pair<int64_t, int64_t>> relation_links(evidence_of.begin(), evidence_of.end());
  std::sort(relation_links.begin(), relation_links.end());
  DocumentBlobs b;  // its sentences, mentions and evidence are in document_parts
  s.LinkDocument(doc_id, links, relation_links, alias_ids, b);
  s.InsertDocumentRow(doc_id, head, b, text_size, true, {});
  s.WriteInPieces(doc_id, "text", text_size, [&](uint64_t at, size_t n) {
    Result<std::string_view> piece = parts.TextPiece(at, n);
    if (!piece) throw PartsStopped{piece.error()};
    return *piece;
  });
  return outcome;
}

Result<IngestOutcome> Store::IngestDocumentInParts(const DocumentRec& head, uint64_t text_size,
                                                   DocumentParts& parts) {
  if (text_size > UINT32_MAX)
    return Fail(ErrorCode::kInvalid, head.path + " is larger than 4 GB");
  Impl& s = *impl_;
  try {
    return s.Guard("store a document", [&]() -> IngestOutcome {
      Impl::Tx tx(s, true);
      const IngestOutcome outcome = s.IngestParts(head, text_size, parts);
      s.FlushPending();
      tx.Commit();
      return outcome;
    });
  } catch (const PartsStopped& stopped) {  // the transaction has rolled back
    return std::unexpected(stopped.error);
  }
}

Result<IngestOutcome> Store::IngestDocument(const DocumentRec& doc) {
  if (auto ok = ValidateDocument(doc); !ok) return std::unexpected(ok.error());
  Impl& s = *impl_;
  return s.Guard("store a document", [&]() -> IngestOutcome {
    Impl::Tx tx(s, true);
    const IngestOutcome outcome = s.IngestOne(doc);
    s.FlushPending();
    tx.Commit();  // also when unchanged: a rollback would drop the write-side memos
    return outcome;
  });
}

Result<std::vector<IngestOutcome>> Store::IngestDocuments(std::span<const DocumentRec> docs) {
  for (const DocumentRec& doc : docs)
    if (auto ok = ValidateDocument(doc); !ok) return std::unexpected(ok.error());
  Impl& s = *impl_;
  return s.Guard("store documents", [&]() {
    std::vector<IngestOutcome> outcomes;
    outcomes.reserve(docs.size());
    Impl::Tx tx(s, true);
    for (const DocumentRec& doc : docs) outcomes.push_back(s.IngestOne(doc));
    s.FlushPending();
    tx.Commit();
    return outcomes;
  });
}

Result<bool> Store::RemoveDocument(std::string_view path_text) {
  Impl& s = *impl_;
  return s.Guard("remove a document", [&]() -> bool {
    Impl::Tx tx(s, true);
    auto id = s.DocumentId(path_text);
    if (!id) return false;
    s.RemoveContribution(*id);
    tx.Commit();
    return true;
  });
}

Result<std::vector<DocumentInfo>> Store::ListDocuments() {
  Impl& s = *impl_;
  return s.Guard("list the documents", [&]() {
    std::vector<DocumentInfo> out;
    Q q = s.Prep("SELECT id, path, title, metadata, content_hash FROM documents ORDER BY id");
    while (q.Step()) out.push_back(s.ReadDocument(q));
    return out;
  });
}

Result<std::string> Store::DocumentText(int64_t document) {
  Impl& s = *impl_;
  auto r = s.Guard("read a document's text", [&]() -> std::optional<std::string> {
    Q q = s.Prep("SELECT text FROM documents WHERE id = ?");
    q.B(1, document);
    if (q.Step()) return std::string(q.V(0));  // TEXT, or a large text's BLOB
    return std::nullopt;
  });
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return Fail(ErrorCode::kNotFound,
                "There is no document " + std::to_string(document) + " in " + s.Name() + ".");
  return std::move(**r);
}

// ---- queries ---------------------------------------------------------------------------------

Result<int64_t> Store::DataVersion() {
  Impl& s = *impl_;
  return s.Guard("check for changes", [&]() -> int64_t {
    Q q = s.Prep("PRAGMA data_version");
    return q.Step() ? q.I(0) : 0;
  });
}

Result<Stats> Store::GetStats() {
  Impl& s = *impl_;
  return s.Guard("count the graph", [&]() {
    Impl::Tx tx(s, false);
    Stats st;
    auto count = [&](const char* sql) {
      Q q = s.Prep(sql);
      return q.Step() ? q.I(0) : int64_t{0};
    };
    st.documents = count("SELECT count(*) FROM documents");
    st.sentences = count("SELECT ifnull(sum(length(sentences) / 8), 0) FROM documents") +
                   count("SELECT ifnull(sum(length(sentences) / 8), 0) FROM document_parts");
    st.entities = count("SELECT count(*) FROM entities");
    st.aliases = count(
        "SELECT count(*) FROM (SELECT DISTINCT a.entity_id, a.alias FROM aliases a "
        "JOIN entities e ON e.id = a.entity_id WHERE a.alias <> e.name)");
    st.mentions = count("SELECT ifnull(sum(mentions), 0) FROM doc_entities");
    st.relations = count("SELECT count(*) FROM relations WHERE kind = 0");
    st.cooccurrences = count("SELECT count(*) FROM relations WHERE kind = 1");
    st.evidence = count("SELECT ifnull(sum(evidence), 0) FROM relation_docs");
    {
      Q q = s.Prep("SELECT type, count(*) AS n FROM entities GROUP BY type ORDER BY n DESC, type");
      while (q.Step()) st.entity_types.push_back({q.S(0), q.I(1)});
    }
    {
      Q q = s.Prep(
          "SELECT type, count(*) AS n FROM relations WHERE kind = 0 GROUP BY type "
          "ORDER BY n DESC, type");
      while (q.Step()) st.relation_types.push_back({q.S(0), q.I(1)});
    }
    return st;
  });
}

Result<std::vector<SearchHit>> Store::Search(std::string_view query, int limit) {
  Impl& s = *impl_;
  const std::string fts = BuildFtsQuery(query);
  if (fts.empty() || limit <= 0) return std::vector<SearchHit>{};
  return s.Guard("search", [&]() {
    Impl::Tx tx(s, false);
    std::vector<SearchHit> hits;
    // Ranking costs per match (bm25 is computed for each): a word in thousands of names or
    // sentences of a big corpus would stall every keystroke. So the best hits are chosen among
    // the first kRanked matches in id order (entities by age, sentences in document order):
    // the exact ranking for every query with fewer matches, a bounded answer time for the rest.
    constexpr int kRanked = 1000;
    const std::vector<std::string> want = SnippetWords(query);
    auto add_entity = [&](int64_t id, std::string name, std::string type,
                          std::string_view aliases, double rank) {
      SearchHit h;
      h.kind = SearchHit::Kind::kEntity;
      h.entity = id;
      h.label = std::move(name);
      h.type = std::move(type);
      // As snippet(entity_fts, -1, ...): the column with the better score, the name on a tie.
      size_t in_name = 0, in_aliases = 0;
      std::string name_snippet = SentenceSnippet(h.label, want, 12, &in_name);
      std::string alias_snippet = SentenceSnippet(aliases, want, 12, &in_aliases);
      h.snippet = in_aliases > in_name ? std::move(alias_snippet) : std::move(name_snippet);
      h.rank = rank;
      hits.push_back(std::move(h));
    };
    bool ranked_here = false;
    if (s.rank_stats) {
      // The first kRanked matches with their statistics, ranked by Bm25 with the row counts of
      // the memo (a miss asks the index once).
      {
        Q q = s.Prep("PRAGMA data_version");
        const int64_t version = q.Step() ? q.I(0) : -1;
        if (version != s.doc_freq_version || s.doc_freq.size() > 65536) s.doc_freq.clear();
        s.doc_freq_version = version;
      }
      std::vector<std::pair<double, int64_t>> ranked;  // rank, entity id
      std::vector<RankStats> stats;
      {
        Q q = s.Prep(
            "SELECT rowid, accord_rank_stats(entity_fts) FROM entity_fts "
            "WHERE entity_fts MATCH ? LIMIT ?");
        q.B(1, fts).B(2, kRanked);
        while (q.Step()) {
          stats.push_back(ParseRankStats(q.V(1)));
          ranked.emplace_back(0.0, q.I(0));
        }
      }
      const std::vector<std::string> phrases = FtsPhrases(query);
      ranked_here = std::all_of(stats.begin(), stats.end(), [&](const RankStats& st) {
        return st.freq.size() == phrases.size();
      });
      if (ranked_here && !ranked.empty()) {
        std::vector<int64_t> rows_with(phrases.size());
        for (size_t i = 0; i < phrases.size(); ++i) {
          auto it = s.doc_freq.find(phrases[i]);
          if (it == s.doc_freq.end()) {
            Q q = s.Prep("SELECT count(*) FROM entity_fts WHERE entity_fts MATCH ?");
            q.B(1, phrases[i]);
            it = s.doc_freq.emplace(phrases[i], q.Step() ? q.I(0) : 0).first;
          }
          rows_with[i] = it->second;
        }
        for (size_t i = 0; i < ranked.size(); ++i) ranked[i].first = Bm25(stats[i], rows_with);
        std::sort(ranked.begin(), ranked.end());
        for (const auto& [rank, id] : ranked) {
          if (static_cast<int>(hits.size()) >= limit) break;
          Q q = s.Prep("SELECT name, type, fts_aliases FROM entities WHERE id = ?");
          q.B(1, id);
          if (q.Step()) add_entity(id, q.S(0), q.S(1), q.V(2), rank);
        }
      }
    }
    if (!ranked_here) {
      Q q = s.Prep(
          "SELECT e.id, e.name, e.type, e.fts_aliases, m.r FROM (SELECT rowid, "
          "bm25(entity_fts) AS r FROM entity_fts WHERE entity_fts MATCH ? LIMIT ?) m "
          "JOIN entities e ON e.id = m.rowid ORDER BY m.r, e.id LIMIT ?");
      q.B(1, fts).B(2, kRanked).B(3, limit);
      while (q.Step()) add_entity(q.I(0), q.S(1), q.S(2), q.V(3), q.D(4));
    }
    const int left = limit - static_cast<int>(hits.size());
    if (left > 0) {
      // Sentences holding the words as one phrase (ranking that smaller set is what keeps search
      // fast on a big corpus); when there is none, sentences holding all the words.
      std::vector<std::pair<int64_t, double>> rows;  // FTS rowid, rank
      std::unordered_set<int64_t> seen;
      auto run = [&](const std::string& match, int n) {
        Q q = s.Prep(
            "SELECT rowid, r FROM (SELECT rowid, bm25(sentence_fts) AS r FROM sentence_fts "
            "WHERE sentence_fts MATCH ? LIMIT ?) ORDER BY r, rowid LIMIT ?");
        q.B(1, match).B(2, kRanked).B(3, n);
        while (q.Step() && static_cast<int>(rows.size()) < left)
          if (seen.insert(q.I(0)).second) rows.emplace_back(q.I(0), q.D(1));
      };
      // One phrase: its matches are read once, ranked here (Bm25); only when there are
      // kRanked or more (the count bm25 needs is then unknown) does bm25() rank them.
      auto run_phrase = [&](const std::string& match, int n) {
        std::vector<std::pair<double, int64_t>> ranked;  // rank, FTS rowid
        std::vector<RankStats> stats;
        {
          Q q = s.Prep(
              "SELECT rowid, accord_rank_stats(sentence_fts) FROM sentence_fts "
              "WHERE sentence_fts MATCH ? LIMIT ?");
          q.B(1, match).B(2, kRanked);
          while (q.Step()) {
            stats.push_back(ParseRankStats(q.V(1)));
            if (stats.back().freq.size() != 1) return run(match, n);
            ranked.emplace_back(0.0, q.I(0));
          }
        }
        if (static_cast<int>(ranked.size()) >= kRanked) return run(match, n);
        const std::vector<int64_t> hits_total{static_cast<int64_t>(ranked.size())};
        for (size_t i = 0; i < ranked.size(); ++i) ranked[i].first = Bm25(stats[i], hits_total);
        std::sort(ranked.begin(), ranked.end());
        for (const auto& [rank, rowid] : ranked) {
          if (static_cast<int>(rows.size()) >= std::min(n, left)) break;
          if (seen.insert(rowid).second) rows.emplace_back(rowid, rank);
        }
      };
      const std::string phrase = BuildFtsPhrase(query);
      if (!phrase.empty()) {
        if (s.rank_stats)
          run_phrase(phrase, left);
        else
          run(phrase, left);
      }
      // the looser query only when the phrase found nothing: ranking every sentence that holds
      // the words one by one is what costs on a big corpus
      if (rows.empty()) run(fts, left);
      std::unordered_map<int64_t, Impl::DocView> views;
      for (const auto& [rowid, rank] : rows) {
        const int64_t doc = rowid >> kSentenceBits;
        const size_t index = static_cast<size_t>(rowid & ((int64_t{1} << kSentenceBits) - 1));
        const Impl::DocView& v = s.ViewDocument(views, doc);
        if (index >= SentenceCount(v.sentences)) continue;  // a stale index row
        const Span sp = SentenceAt(v.sentences, index);
        SearchHit h;
        h.kind = SearchHit::Kind::kSentence;
        h.document = doc;
        h.label = v.title;
        h.type = "sentence";
        h.start = sp.start;
        h.end = sp.end;
        h.snippet = SentenceSnippet(Slice(v.text, sp.start, sp.end), want);
        h.rank = rank;
        hits.push_back(std::move(h));
      }
    }
    return hits;
  });
}

Result<std::vector<int64_t>> Store::FindEntities(std::string_view name) {
  Impl& s = *impl_;
  const std::string key = NormalizeKey(name);
  if (key.empty()) return std::vector<int64_t>{};
  return s.Guard("look up an entity", [&]() {
    std::vector<int64_t> out;
    Q q = s.Prep(
        "SELECT c.id, (SELECT ifnull(sum(mentions), 0) FROM doc_entities l "
        "WHERE l.entity_id = c.id) AS n FROM "
        "(SELECT id FROM entities WHERE key = ?1 UNION SELECT entity_id FROM aliases "
        "WHERE key = ?1) c ORDER BY n DESC, c.id");
    q.B(1, key);
    while (q.Step()) out.push_back(q.I(0));
    return out;
  });
}

Result<int64_t> Store::ResolveEntity(std::string_view name) {
  auto found = FindEntities(name);
  if (!found) return std::unexpected(found.error());
  if (!found->empty()) return found->front();
  auto hits = Search(name, 5);
  if (!hits) return std::unexpected(hits.error());
  for (const SearchHit& h : *hits)
    if (h.kind == SearchHit::Kind::kEntity) return h.entity;
  return Fail(ErrorCode::kNotFound,
              "No entity called \"" + std::string(name) + "\" in " + impl_->Name() + ".");
}

Result<EntityDetail> Store::GetEntity(int64_t entity) {
  Impl& s = *impl_;
  auto r = s.Guard("read an entity", [&]() -> std::optional<EntityDetail> {
    Impl::Tx tx(s, false);
    EntityDetail d;
    {
      Q q = s.Prep("SELECT id, name, type FROM entities WHERE id = ?");
      q.B(1, entity);
      if (!q.Step()) return std::nullopt;
      d.id = q.I(0);
      d.label = q.S(1);
      d.type = q.S(2);
    }
    {
      Q q = s.Prep(
          "SELECT DISTINCT a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id "
          "WHERE a.entity_id = ? AND a.alias <> e.name ORDER BY a.alias");
      q.B(1, entity);
      while (q.Step()) d.aliases.push_back(q.S(0));
    }
    std::vector<int64_t> with_mentions;
    {
      Q q = s.Prep(
          "SELECT d.id, d.path, d.title, d.metadata, d.content_hash, l.mentions "
          "FROM doc_entities l JOIN documents d ON d.id = l.document_id "
          "WHERE l.entity_id = ? ORDER BY d.id");
      q.B(1, entity);
      while (q.Step()) {
        d.documents.push_back(s.ReadDocument(q));
        if (q.I(5) > 0) with_mentions.push_back(q.I(0));
      }
    }
    std::unordered_map<int64_t, Impl::DocView> views;
    for (int64_t doc : with_mentions) {
      const Impl::DocView& v = s.ViewDocument(views, doc);
      for (const MentionEntry& m : UnpackMentions(v.mentions))
        if (m.entity == entity)
          d.mentions.push_back(Impl::MakeRef(doc, v, m.sentence, m.start, m.end, {}));
    }
    {
      Q q = s.Prep(
          "SELECT r.id, r.type, r.kind, r.source_id = ?1, o.id, o.name, o.type FROM relations r "
          "JOIN entities o ON o.id = CASE WHEN r.source_id = ?1 THEN r.target_id "
          "ELSE r.source_id END WHERE r.source_id = ?1 OR r.target_id = ?1 "
          "ORDER BY r.kind, r.type, o.name, r.id");
      q.B(1, entity);
      while (q.Step()) {
        RelationRef r;
        r.relation = q.I(0);
        r.type = q.S(1);
        r.kind = q.I(2) ? RelationKind::kCooccurrence : RelationKind::kStated;
        r.outgoing = q.I(3) != 0;
        r.other = q.I(4);
        r.other_label = q.S(5);
        r.other_type = q.S(6);
        d.relations.push_back(std::move(r));
      }
    }
    for (RelationRef& r : d.relations) r.evidence = s.EvidenceRefs(r.relation, views);
    return d;
  });
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return Fail(ErrorCode::kNotFound,
                "There is no entity " + std::to_string(entity) + " in " + s.Name() + ".");
  return std::move(**r);
}

Result<std::vector<int64_t>> Store::Neighborhood(const std::vector<int64_t>& seeds, int depth,
                                                 bool include_cooccurrence) {
  Impl& s = *impl_;
  return s.Guard("walk the neighbourhood", [&]() {
    Impl::Tx tx(s, false);
    std::set<int64_t> seen;
    std::vector<int64_t> frontier, next;
    for (int64_t seed : seeds)
      if (!seen.contains(seed) && s.EntityExists(seed)) {
        seen.insert(seed);
        frontier.push_back(seed);
      }
    for (int level = 0; level < depth && !frontier.empty(); ++level) {
      next.clear();
      for (int64_t u : frontier)
        for (const auto& [rel, v] : s.Hop(u, include_cooccurrence))
          if (seen.insert(v).second) next.push_back(v);
      frontier.swap(next);
    }
    return std::vector<int64_t>(seen.begin(), seen.end());
  });
}

Result<std::vector<LinkInfo>> Store::ShortestPath(int64_t from, int64_t to) {
  Impl& s = *impl_;
  auto r = s.Guard("find a path", [&]() -> std::optional<std::vector<LinkInfo>> {
    Impl::Tx tx(s, false);
    if (!s.EntityExists(from) || !s.EntityExists(to)) return std::nullopt;
    if (from == to) return std::vector<LinkInfo>{};
    // Bidirectional BFS with indexed one-hop queries, always expanding the smaller frontier by
    // one whole level, until the two searches meet: d = the shortest length. Then the walk from
    // `from` takes, at every step, the lowest relation id that stays on a shortest path, which
    // gives the lexicographically smallest relation-id sequence (as ShortestPathLinks does).
    std::unordered_map<int64_t, int> df{{from, 0}}, dt{{to, 0}};
    std::vector<int64_t> ff{from}, ft{to}, next;
    int max_df = 0, max_dt = 0;
    int d = -1;
    while (d < 0 && !ff.empty() && !ft.empty()) {
      const bool forward = ff.size() <= ft.size();
      auto& mine = forward ? df : dt;
      auto& other = forward ? dt : df;
      auto& frontier = forward ? ff : ft;
      next.clear();
      for (int64_t u : frontier) {
        const int du = mine.at(u);
        for (const auto& [rel, v] : s.Hop(u, false)) {
          if (auto it = other.find(v); it != other.end()) {
            const int len = du + 1 + it->second;
            if (d < 0 || len < d) d = len;
          }
          if (mine.emplace(v, du + 1).second) next.push_back(v);
        }
      }
      frontier.swap(next);
      if (!frontier.empty()) (forward ? max_df : max_dt) += 1;
    }
    if (d < 0) return std::nullopt;
    // Positions 0..p are judged with the forward distances (pruned to nodes on a shortest path),
    // positions after p with the exact backward distances.
    const int p = std::max(0, d - 1 - max_dt);
    std::vector<std::unordered_set<int64_t>> good(static_cast<size_t>(p) + 1);
    for (const auto& [w, j] : dt) {
      if (j != d - p - 1) continue;
      for (const auto& [rel, u] : s.Hop(w, false))
        if (auto it = df.find(u); it != df.end() && it->second == p) good[p].insert(u);
    }
    for (int k = p - 1; k >= 0; --k)
      for (int64_t w : good[k + 1])
        for (const auto& [rel, u] : s.Hop(w, false))
          if (auto it = df.find(u); it != df.end() && it->second == k) good[k].insert(u);
    std::vector<LinkInfo> path;
    int64_t u = from;
    for (int i = 0; i < d; ++i) {
      int64_t chosen_rel = -1, chosen = 0;
      for (const auto& [rel, w] : s.Hop(u, false)) {
        bool ok = false;
        if (i + 1 <= p) {
          ok = good[i + 1].contains(w);
        } else if (auto it = dt.find(w); it != dt.end()) {
          ok = it->second == d - i - 1;
        }
        if (ok) {
          chosen_rel = rel;
          chosen = w;
          break;  // Hop() is sorted by relation id
        }
      }
      if (chosen_rel < 0)
        throw SqlFailure{ErrorCode::kDatabase, "the graph changed while finding a path"};
      path.push_back(s.ReadLink(chosen_rel));
      u = chosen;
    }
    return path;
  });
  if (!r) return std::unexpected(r.error());
  if (!*r)
    return Fail(ErrorCode::kNotFound, "No chain of stated relations joins entity " +
                                          std::to_string(from) + " and entity " +
                                          std::to_string(to) + " in " + s.Name() + ".");
  return std::move(**r);
}

Result<GraphData> Store::LoadGraph(const GraphFilter& filter) {
  Impl& s = *impl_;
  return s.Guard("load the graph", [&]() {
    Impl::Tx tx(s, false);
    GraphData g;
    std::optional<std::unordered_set<int64_t>> only;
    if (filter.nodes) only.emplace(filter.nodes->begin(), filter.nodes->end());
    std::optional<std::unordered_set<int64_t>> in_doc;
    if (filter.document) {
      in_doc.emplace();
      Q q = s.Prep("SELECT entity_ids FROM documents WHERE id = ?");
      q.B(1, *filter.document);
      if (q.Step())
        for (int64_t e : UnpackIds(q.V(0))) in_doc->insert(e);
    }
    std::unordered_map<int64_t, size_t> index;
    {
      Q q = s.Prep("SELECT id, name, type FROM entities ORDER BY id");
      while (q.Step()) {
        const int64_t id = q.I(0);
        if (only && !only->contains(id)) continue;
        if (in_doc && !in_doc->contains(id)) continue;
        std::string type = q.S(2);
        if (!filter.types.empty() &&
            std::find(filter.types.begin(), filter.types.end(), type) == filter.types.end())
          continue;
        NodeInfo n;
        n.id = id;
        n.label = q.S(1);
        n.type = std::move(type);
        index.emplace(id, g.nodes.size());
        g.nodes.push_back(std::move(n));
      }
    }
    {
      Q q = s.Prep("SELECT DISTINCT entity_id, alias FROM aliases ORDER BY entity_id, alias");
      while (q.Step()) {
        auto it = index.find(q.I(0));
        if (it == index.end()) continue;
        NodeInfo& n = g.nodes[it->second];
        std::string a = q.S(1);
        if (a != n.label) n.aliases.push_back(std::move(a));
      }
    }
    {
      Q q = s.Prep("SELECT entity_id, document_id FROM doc_entities ORDER BY 1, 2");
      while (q.Step()) {
        auto it = index.find(q.I(0));
        if (it != index.end()) g.nodes[it->second].documents.push_back(q.I(1));
      }
    }
    if (filter.with_details) {
      // A document stored in parts has its mentions in document_parts (and none in its row).
      for (const char* sql : {"SELECT id, mentions FROM documents ORDER BY id",
                              "SELECT document_id, mentions FROM document_parts ORDER BY 1, part"}) {
        Q q = s.Prep(sql);
        while (q.Step()) {
          const int64_t doc = q.I(0);
          for (const MentionEntry& m : UnpackMentions(q.V(1))) {
            auto it = index.find(m.entity);
            if (it != index.end()) g.nodes[it->second].mentions.push_back({doc, m.start, m.end});
          }
        }
      }
      for (NodeInfo& n : g.nodes)
        std::sort(n.mentions.begin(), n.mentions.end(), [](const MentionInfo& x, const MentionInfo& y) {
          return std::tie(x.document, x.start, x.end) < std::tie(y.document, y.start, y.end);
        });
    }
    std::unordered_map<int64_t, size_t> link_index;
    {
      Q q = s.Prep("SELECT id, source_id, target_id, type, kind FROM relations ORDER BY id");
      while (q.Step()) {
        LinkInfo l;
        l.id = q.I(0);
        l.source = q.I(1);
        l.target = q.I(2);
        l.kind = q.I(4) ? RelationKind::kCooccurrence : RelationKind::kStated;
        if (!filter.include_cooccurrence && l.kind == RelationKind::kCooccurrence) continue;
        if (!index.contains(l.source) || !index.contains(l.target)) continue;
        l.type = q.S(3);
        link_index.emplace(l.id, g.links.size());
        g.links.push_back(std::move(l));
      }
    }
    if (filter.with_details) {
      auto gather = [&](int64_t doc, std::string_view evidence, std::string_view text) {
        for (const EvidenceEntry& e : UnpackEvidence(evidence)) {
          auto it = link_index.find(e.relation);
          if (it != link_index.end())
            g.links[it->second].evidence.push_back(
                {doc, e.start, e.end, std::string(Impl::EvidenceText(text, e))});
        }
      };
      {
        Q q = s.Prep("SELECT id, evidence, text FROM documents WHERE length(evidence) > 0 ORDER BY id");
        while (q.Step()) gather(q.I(0), q.V(1), q.V(2));
      }
      // Documents stored in parts: their text read once, their parts' evidence in order.
      std::vector<int64_t> parted;
      {
        Q q = s.Prep("SELECT DISTINCT document_id FROM document_parts ORDER BY 1");
        while (q.Step()) parted.push_back(q.I(0));
      }
      for (int64_t doc : parted) {
        std::string text;
        {
          Q q = s.Prep("SELECT text FROM documents WHERE id = ?");
          q.B(1, doc);
          if (q.Step()) text = q.V(0);
        }
        Q q = s.Prep("SELECT evidence FROM document_parts WHERE document_id = ? ORDER BY part");
        q.B(1, doc);
        while (q.Step()) gather(doc, q.V(0), text);
      }
      for (LinkInfo& l : g.links)
        std::sort(l.evidence.begin(), l.evidence.end(), [](const EvidenceInfo& x, const EvidenceInfo& y) {
          return std::tie(x.document, x.start, x.end) < std::tie(y.document, y.start, y.end);
        });
    }
    const bool whole = !filter.nodes && filter.types.empty() && !filter.document;
    std::unordered_set<int64_t> cited;
    if (!whole) {
      for (const NodeInfo& n : g.nodes) {
        cited.insert(n.documents.begin(), n.documents.end());
        for (const MentionInfo& m : n.mentions) cited.insert(m.document);
      }
      for (const LinkInfo& l : g.links)
        for (const EvidenceInfo& e : l.evidence) cited.insert(e.document);
    }
    {
      Q q = s.Prep("SELECT id, path, title, metadata, content_hash FROM documents ORDER BY id");
      while (q.Step())
        if (whole || cited.contains(q.I(0))) g.documents.push_back(s.ReadDocument(q));
    }
    {  // the page starts of the listed documents that have pages
      Q q = s.Prep("SELECT document_id, page_starts FROM document_pages");
      while (q.Step())
        if (whole || cited.contains(q.I(0))) g.page_starts.emplace(q.I(0), UnpackPageStarts(q.V(1)));
    }
    return g;
  });
}

// ---- layout positions ------------------------------------------------------------------------

Result<std::vector<NodePosition>> Store::LoadPositions() {
  Impl& s = *impl_;
  return s.Guard("read the layout positions", [&]() {
    Impl::Tx tx(s, false);
    std::vector<NodePosition> out;
    Q q = s.Prep(
        "SELECT p.entity_id, p.x, p.y, p.pinned FROM positions p "
        "JOIN entities e ON e.id = p.entity_id ORDER BY p.entity_id");
    while (q.Step())
      out.push_back(NodePosition{q.I(0), static_cast<float>(q.D(1)), static_cast<float>(q.D(2)), q.I(3) != 0});
    return out;
  });
}

Status Store::SavePositions(std::span<const NodePosition> positions) {
  Impl& s = *impl_;
  return s.Guard("save the layout positions", [&]() {
    Impl::Tx tx(s, true);
    s.Prep("DELETE FROM positions").Run();
    for (const NodePosition& p : positions)
      s.Prep("INSERT OR REPLACE INTO positions(entity_id, x, y, pinned) VALUES(?, ?, ?, ?)")
          .B(1, p.entity)
          .F(2, p.x)
          .F(3, p.y)
          .B(4, p.pinned ? 1 : 0)
          .Run();
    tx.Commit();
  });
}

// ---- import ----------------------------------------------------------------------------------

Status Store::ImportGraph(const GraphData& graph) {
  Impl& s = *impl_;
  // Validate references first.
  {
    std::unordered_set<int64_t> docs, nodes;
    for (const DocumentInfo& d : graph.documents)
      if (!docs.insert(d.id).second)
        return Fail(ErrorCode::kInvalid, "The graph repeats document id " + std::to_string(d.id) + ".");
    for (const NodeInfo& n : graph.nodes) {
      if (!nodes.insert(n.id).second)
        return Fail(ErrorCode::kInvalid, "The graph repeats node id " + std::to_string(n.id) + ".");
      for (int64_t d : n.documents)
        if (!docs.contains(d))
          return Fail(ErrorCode::kInvalid, "Node " + std::to_string(n.id) + " names document " +
                                               std::to_string(d) + ", which is not in the graph.");
      for (const MentionInfo& m : n.mentions)
        if (!docs.contains(m.document))
          return Fail(ErrorCode::kInvalid, "A mention of node " + std::to_string(n.id) +
                                               " names a missing document.");
    }
    for (const LinkInfo& l : graph.links) {
      if (!nodes.contains(l.source) || !nodes.contains(l.target))
        return Fail(ErrorCode::kInvalid, "Link " + std::to_string(l.id) +
                                             " joins a node that is not in the graph.");
      for (const EvidenceInfo& e : l.evidence)
        if (!docs.contains(e.document))
          return Fail(ErrorCode::kInvalid, "Evidence of link " + std::to_string(l.id) +
                                               " names a missing document.");
    }
  }
  return s.Guard("import a graph", [&]() {
    Impl::Tx tx(s, true);
    s.memo.Clear();
    const bool keep_ids = s.IsEmpty();
    std::unordered_map<int64_t, int64_t> doc_map, node_map;
    for (const DocumentInfo& d : graph.documents) {
      if (!keep_ids) {
        if (auto existing = s.DocumentId(d.path)) {
          doc_map[d.id] = *existing;
          continue;
        }
      }
      s.Prep("INSERT INTO documents(id, path, title, metadata, content_hash, ingested_at) "
             "VALUES(?, ?, ?, ?, ?, ?)")
          .B(1, keep_ids ? std::optional<int64_t>(d.id) : std::nullopt)
          .B(2, d.path)
          .B(3, d.title)
          .B(4, MetadataToJson(d.metadata))
          .B(5, d.content_hash)
          .B(6, static_cast<int64_t>(std::time(nullptr)))
          .Run();
      doc_map[d.id] = sqlite3_last_insert_rowid(s.db);
      s.StorePageStarts(doc_map[d.id], PageStartsOf(graph, d.id));
    }
    // What the graph adds to each document's packed columns, merged in at the end.
    struct Added {
      std::vector<MentionEntry> mentions;
      std::vector<EvidenceEntry> evidence;
      std::set<int64_t> entities, relations;
      std::vector<int64_t> aliases;
    };
    std::map<int64_t, Added> added;
    for (const NodeInfo& n : graph.nodes) {
      int64_t id = 0;
      if (keep_ids) {
        s.Prep("INSERT INTO entities(id, name, type, key) VALUES(?, ?, ?, ?)")
            .B(1, n.id)
            .B(2, n.label)
            .B(3, n.type)
            .B(4, NormalizeKey(n.label))
            .Run();
        id = n.id;
        s.MarkFtsDirty(id, true);
      } else {
        std::vector<std::string_view> names{n.label};
        names.insert(names.end(), n.aliases.begin(), n.aliases.end());
        bool created = false;
        id = s.MergeOrInsertEntity(n.label, n.type, names, &created);
        s.MarkFtsDirty(id, created);
      }
      node_map[n.id] = id;
      const std::string canonical = s.CanonicalName(id);
      for (const std::string& a : n.aliases)
        if (a != canonical) s.AddAliasRef(id, n.type, a, false);  // held by no document: kept
      for (int64_t d : n.documents) {
        Added& add = added[doc_map.at(d)];
        add.entities.insert(id);
        if (n.label != canonical)
          add.aliases.push_back(s.AddAliasRef(id, n.type, n.label, false).first);
      }
      for (const MentionInfo& m : n.mentions) {
        Added& add = added[doc_map.at(m.document)];
        add.entities.insert(id);
        add.mentions.push_back({id, kNoSentence, m.start, m.end});
      }
    }
    for (const LinkInfo& l : graph.links) {
      const int64_t rel = s.FindOrInsertRelation(
          node_map.at(l.source), node_map.at(l.target), l.type, static_cast<int>(l.kind),
          keep_ids ? std::optional<int64_t>(l.id) : std::nullopt);
      for (const EvidenceInfo& e : l.evidence) {
        Added& add = added[doc_map.at(e.document)];
        add.relations.insert(rel);
        add.evidence.push_back({rel, kNoSentence, e.start, e.end, true, e.text});
      }
    }
    for (auto& [doc, add] : added) {
      auto blobs = s.ReadBlobs(doc, false);
      if (!blobs) throw SqlFailure{ErrorCode::kDatabase, "a document vanished while importing"};
      std::vector<MentionEntry> mentions = UnpackMentions(blobs->mentions);
      mentions.insert(mentions.end(), add.mentions.begin(), add.mentions.end());
      auto mkey = [](const MentionEntry& m) { return std::tuple(m.entity, m.start, m.end); };
      std::stable_sort(mentions.begin(), mentions.end(),
                       [&](const auto& x, const auto& y) { return mkey(x) < mkey(y); });
      mentions.erase(std::unique(mentions.begin(), mentions.end(),
                                 [&](const auto& x, const auto& y) { return mkey(x) == mkey(y); }),
                     mentions.end());
      std::vector<EvidenceEntry> evidence = UnpackEvidence(blobs->evidence);
      evidence.insert(evidence.end(), add.evidence.begin(), add.evidence.end());
      auto ekey = [](const EvidenceEntry& e) { return std::tuple(e.relation, e.start, e.end); };
      std::stable_sort(evidence.begin(), evidence.end(),
                       [&](const auto& x, const auto& y) { return ekey(x) < ekey(y); });
      evidence.erase(std::unique(evidence.begin(), evidence.end(),
                                 [&](const auto& x, const auto& y) { return ekey(x) == ekey(y); }),
                     evidence.end());
      for (int64_t e : UnpackIds(blobs->entity_ids)) add.entities.insert(e);
      for (int64_t r : UnpackIds(blobs->relation_ids)) add.relations.insert(r);
      std::vector<int64_t> aliases = UnpackIds(blobs->alias_ids);
      aliases.insert(aliases.end(), add.aliases.begin(), add.aliases.end());
      for (int64_t e : add.entities) {
        const int64_t n = std::count_if(mentions.begin(), mentions.end(),
                                        [&](const MentionEntry& m) { return m.entity == e; });
        s.Prep("INSERT INTO doc_entities(entity_id, document_id, mentions) VALUES(?1, ?2, ?3) "
               "ON CONFLICT(entity_id, document_id) DO UPDATE SET mentions = ?3")
            .B(1, e)
            .B(2, doc)
            .B(3, n)
            .Run();
      }
      for (int64_t r : add.relations) {
        const int64_t n = std::count_if(evidence.begin(), evidence.end(),
                                        [&](const EvidenceEntry& v) { return v.relation == r; });
        s.Prep("INSERT INTO relation_docs(relation_id, document_id, evidence) VALUES(?1, ?2, ?3) "
               "ON CONFLICT(relation_id, document_id) DO UPDATE SET evidence = ?3")
            .B(1, r)
            .B(2, doc)
            .B(3, n)
            .Run();
      }
      std::string mention_blob, evidence_blob;
      for (const MentionEntry& m : mentions) PackMention(mention_blob, m);
      for (const EvidenceEntry& e : evidence) PackEvidence(evidence_blob, e);
      s.Prep("UPDATE documents SET mentions = ?, evidence = ?, entity_ids = ?, alias_ids = ?, "
             "relation_ids = ? WHERE id = ?")
          .Blob(1, mention_blob)
          .Blob(2, evidence_blob)
          .Blob(3, PackIds({add.entities.begin(), add.entities.end()}))
          .Blob(4, PackIds(aliases))
          .Blob(5, PackIds({add.relations.begin(), add.relations.end()}))
          .B(6, doc)
          .Run();
      // A document stored in parts now has all its mentions and evidence on its row.
      s.Prep("UPDATE document_parts SET mentions = x'', evidence = x'' WHERE document_id = ?")
          .B(1, doc)
          .Run();
    }
    s.FlushPending();
    s.memo.Clear();
    tx.Commit();
  });
}

// ---- default path ----------------------------------------------------------------------------

std::filesystem::path DefaultDatabasePath() {
  if (const char* db = std::getenv("ACCORD_DB"); db && *db) return db;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "accord" / "accord.db";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home && *home ? home : ".") / ".local" / "share" / "accord" /
         "accord.db";
}

}  // namespace accord::graph
