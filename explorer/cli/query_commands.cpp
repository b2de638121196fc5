// The read-only commands: stats, search, show, neighbors and path. Everything printed from
// documents goes through Clean(), so hostile text cannot drive the terminal.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <unordered_map>

#include "accord/graph/algorithms.hpp"
#include "commands.hpp"

namespace accord::cli {

const CommandSpec kStatsSpec{
    .name = "stats",
    .summary = "counts of documents, entities and relations, by type",
    .description =
        "Prints how many documents, sentences, entities, aliases, mentions, relations\n"
        "and evidence sentences the database holds, then the entity and relation types.",
    .max_positional = 0};

const CommandSpec kSearchSpec{
    .name = "search",
    .usage = "[--limit N] QUERY…",
    .summary = "ranked full-text search over entities and sentences",
    .description =
        "Searches entity names, aliases and sentences; entity hits first, then sentences, each\n"
        "ranked (bm25). Any text is safe to type: it is quoted before it reaches the index.\n"
        "Exit status 1 when nothing matches.",
    .options = {{"--limit", "", "N", "at most N hits (default 20)"}},
    .min_positional = 1,
    .examples = "  accord search global governance\n  accord search WAIC\n"};

const CommandSpec kShowSpec{
    .name = "show",
    .usage = "[--limit N | --all] ENTITY…",
    .summary = "an entity: type, aliases, documents, mentions, relations",
    .description =
        "Shows one entity (an exact name or alias, else the best search hit): its type,\n"
        "aliases and documents, each mention with its sentence (the mention in [brackets]) and\n"
        "each relation, grouped by type, with the sentence that states it.",
    .options = {{"--limit", "", "N",
                 "at most N mentions and N evidence sentences each (default 10)"},
                {"--all", "", "", "print every mention and every evidence sentence"}},
    .min_positional = 1,
    .examples = "  accord show \"Global AI Governance Action Plan\"\n"};

const CommandSpec kNeighborsSpec{
    .name = "neighbors",
    .usage = "ENTITY… [--depth K]",
    .summary = "entities within K hops of an entity",
    .description =
        "Lists the entities within K hops of ENTITY over stated relations (both directions),\n"
        "with their type and hop distance, nearest first.",
    .options = {{"--depth", "", "K", "hops (default 1)"},
                {"--cooccurrence", "", "", "also walk co-occurrence links"}},
    .min_positional = 1,
    .examples = "  accord neighbors China --depth 2\n"};

const CommandSpec kPathSpec{
    .name = "path",
    .usage = "A B",
    .summary = "shortest chain of stated relations between two entities",
    .description =
        "Finds the shortest chain of stated relations between entities A and B (either\n"
        "direction) and prints each hop with the sentence that states it and its document.",
    .min_positional = 2,
    .max_positional = 2,
    .examples = "  accord path Pakistan \"Bletchley Declaration\"\n"};

namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string N(int64_t n) {
  return std::to_string(n);
}

// The sentence with [start, end) wrapped in [ ], cleaned for the terminal.
std::string MarkedSentence(const graph::SentenceRef& s) {
  const std::string& text = s.sentence;
  if (s.start < s.sentence_start || s.end > s.sentence_end || s.start > s.end) return Clean(text);
  const size_t a = s.start - s.sentence_start, b = s.end - s.sentence_start;
  if (b > text.size()) return Clean(text);
  return Clean(text.substr(0, a) + "[" + text.substr(a, b - a) + "]" + text.substr(b));
}

void Print(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
}

}  // namespace

int RunStats(const Args& args) {
  auto store = OpenForReading(args);
  if (!store) return Fail(store.error());
  auto st = store->GetStats();
  if (!st) return Fail(st.error());
  std::string out;
  out += "Database   " + Clean(store->path().string()) + "\n";
  out += "Documents  " + N(st->documents) + "\n";
  out += "Sentences  " + N(st->sentences) + "\n";
  out += "Entities   " + N(st->entities) + " (" + N(st->aliases) + " aliases, " + N(st->mentions) +
         " mentions)\n";
  out += "Relations  " + N(st->relations) + " stated (" + N(st->evidence) +
         " evidence sentences), " + N(st->cooccurrences) + " co-occurrence links\n";
  auto table = [&](const char* title, const std::vector<graph::TypeCount>& rows) {
    out += "\n";
    out += title;
    out += "\n";
    if (rows.empty()) out += "  (none)\n";
    size_t w = 0;
    for (const auto& r : rows) w = std::max(w, r.type.size());
    for (const auto& r : rows) {
      char num[32];
      std::snprintf(num, sizeof num, "%8lld", static_cast<long long>(r.count));
      out += "  " + Pad(Clean(r.type), w) + num + "\n";
    }
  };
  table("Entity types", st->entity_types);
  table("Relation types", st->relation_types);
  Print(out);
  return kExitOk;
}

int RunSearch(const Args& args) {
  int exit_code = kExitOk;
  int64_t limit = 20;
  if (args.Has("--limit")) {
    auto l = ParseCount(kSearchSpec, "--limit", args.Get("--limit"), 1, 10000, &exit_code);
    if (!l) return exit_code;
    limit = *l;
  }
  const std::string query = Join(args.positional, " ");
  auto store = OpenForReading(args);
  if (!store) return Fail(store.error());
  auto hits = store->Search(query, static_cast<int>(limit));
  if (!hits) return Fail(hits.error());
  if (hits->empty()) return Fail("nothing matches " + Quoted(query));

  size_t entities = 0;
  for (const auto& h : *hits) entities += h.kind == graph::SearchHit::Kind::kEntity;
  std::string out;
  int rank = 0;
  if (entities > 0) {
    out += "Entities\n";
    size_t w = 0;
    for (const auto& h : *hits) {
      if (h.kind == graph::SearchHit::Kind::kEntity)
        w = std::max(w, std::min<size_t>(Clean(h.label).size(), 60));
    }
    for (const auto& h : *hits) {
      if (h.kind != graph::SearchHit::Kind::kEntity) continue;
      char num[16];
      std::snprintf(num, sizeof num, "%3d. ", ++rank);
      out += num + Pad(Clean(h.label), w) + "  " + Clean(h.type);
      // Show the matched alias when the hit came through one (the snippet marks matches with
      // [ ]; compare without them).
      std::string plain;
      for (char c : h.snippet) {
        if (c != '[' && c != ']') plain += c;
      }
      if (!plain.empty() && Clean(plain) != Clean(h.label))
        out += "  (alias " + Clean(h.snippet) + ")";
      out += "\n";
    }
  }
  if (entities < hits->size()) {
    if (!out.empty()) out += "\n";
    out += "Sentences\n";
    for (const auto& h : *hits) {
      if (h.kind != graph::SearchHit::Kind::kSentence) continue;
      char num[16];
      std::snprintf(num, sizeof num, "%3d. ", ++rank);
      out += num + Clean(h.label) + "\n     " + Clean(h.snippet) + "\n";
    }
  }
  Print(out);
  return kExitOk;
}

int RunShow(const Args& args) {
  int exit_code = kExitOk;
  int64_t limit = 10;
  if (args.Has("--limit")) {
    auto l = ParseCount(kShowSpec, "--limit", args.Get("--limit"), 1, 1000000, &exit_code);
    if (!l) return exit_code;
    limit = *l;
  }
  if (args.Has("--all")) limit = INT64_MAX;
  const std::string name = Join(args.positional, " ");
  auto store = OpenForReading(args);
  if (!store) return Fail(store.error());
  auto id = store->ResolveEntity(name);
  if (!id) return Fail(id.error());
  auto e = store->GetEntity(*id);
  if (!e) return Fail(e.error());

  std::string out;
  out += Clean(e->label) + "  (" + Clean(e->type) + ", #" + N(e->id) + ")\n";
  if (!e->aliases.empty()) {
    std::vector<std::string> a;
    for (const auto& s : e->aliases) a.push_back(Clean(s));
    out += "Aliases: " + Join(a, "; ") + "\n";
  }
  out += "\nDocuments (" + N(static_cast<int64_t>(e->documents.size())) + ")\n";
  for (const auto& d : e->documents) out += "  - " + Clean(d.title) + "  [" + Clean(d.path) + "]\n";

  const int64_t nm = static_cast<int64_t>(e->mentions.size());
  out += "\nMentions (" + N(nm);
  if (nm > limit) out += ", first " + N(limit) + "; --all for every one";
  out += ")\n";
  std::unordered_map<int64_t, std::string> titles;
  for (const auto& d : e->documents) titles[d.id] = d.title;
  int64_t shown = 0;
  int64_t last_doc = -1;
  for (const auto& m : e->mentions) {
    if (shown++ >= limit) break;
    if (m.document != last_doc) {
      out += "  " + Clean(m.document_title) + "\n";
      last_doc = m.document;
    }
    out += "    " + MarkedSentence(m);
    if (m.page > 0) out += "  (p. " + std::to_string(m.page) + ")";
    out += "\n";
  }

  out += "\nRelations (" + N(static_cast<int64_t>(e->relations.size())) + ")\n";
  if (e->relations.empty()) out += "  (none)\n";
  std::string group;
  bool first = true;
  for (const auto& r : e->relations) {
    std::string g = r.type;
    if (r.kind == graph::RelationKind::kCooccurrence) g = "co-occurs with (same sentence; weaker)";
    if (first || g != group) {
      out += "  " + Clean(g) + "\n";
      group = g;
      first = false;
    }
    out += std::string("    ") + (r.outgoing ? "→ " : "← ") + Clean(r.other_label) + "  (" +
           Clean(r.other_type) + ")\n";
    int64_t ev = 0;
    for (const auto& s : r.evidence) {
      if (ev++ >= limit) {
        out +=
            "        … " + N(static_cast<int64_t>(r.evidence.size()) - limit) + " more (--all)\n";
        break;
      }
      out += "        " + Quoted(s.sentence) + "  — " + Clean(s.document_title);
      if (s.page > 0) out += ", p. " + std::to_string(s.page);
      out += "\n";
    }
  }
  Print(out);
  return kExitOk;
}

int RunNeighbors(const Args& args) {
  int exit_code = kExitOk;
  int64_t depth = 1;
  if (args.Has("--depth")) {
    auto d = ParseCount(kNeighborsSpec, "--depth", args.Get("--depth"), 0, 1000, &exit_code);
    if (!d) return exit_code;
    depth = *d;
  }
  const bool cooc = args.Has("--cooccurrence");
  const std::string name = Join(args.positional, " ");
  auto store = OpenForReading(args);
  if (!store) return Fail(store.error());
  auto id = store->ResolveEntity(name);
  if (!id) return Fail(id.error());
  auto ids = store->Neighborhood({*id}, static_cast<int>(depth), cooc);
  if (!ids) return Fail(ids.error());

  graph::GraphFilter filter;
  filter.nodes = *ids;
  filter.include_cooccurrence = cooc;
  filter.with_details = false;
  auto g = store->LoadGraph(filter);
  if (!g) return Fail(g.error());

  // Hop distances by BFS inside the neighbourhood (its induced subgraph keeps every shortest
  // path from the seed of length <= depth, so the distances are the true ones).
  std::unordered_map<int64_t, std::vector<int64_t>> adj;
  for (const auto& l : g->links) {
    if (!cooc && l.kind != graph::RelationKind::kStated) continue;
    adj[l.source].push_back(l.target);
    adj[l.target].push_back(l.source);
  }
  std::unordered_map<int64_t, int> dist{{*id, 0}};
  std::deque<int64_t> queue{*id};
  while (!queue.empty()) {
    int64_t u = queue.front();
    queue.pop_front();
    for (int64_t v : adj[u]) {
      if (dist.emplace(v, dist[u] + 1).second) queue.push_back(v);
    }
  }
  const graph::NodeInfo* seed = nullptr;
  std::vector<std::pair<int, const graph::NodeInfo*>> rows;
  for (const auto& n : g->nodes) {
    if (n.id == *id) {
      seed = &n;
      continue;
    }
    auto it = dist.find(n.id);
    if (it != dist.end()) rows.emplace_back(it->second, &n);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.second->label != b.second->label) return a.second->label < b.second->label;
    return a.second->id < b.second->id;
  });
  std::string out;
  out += (seed ? Clean(seed->label) + " (" + Clean(seed->type) + ")" : Quoted(name)) + ": " +
         N(static_cast<int64_t>(rows.size())) + (rows.size() == 1 ? " entity" : " entities") +
         " within " + N(depth) + (depth == 1 ? " hop" : " hops") + "\n";
  size_t w = 6;
  for (const auto& [d, n] : rows) w = std::max(w, std::min<size_t>(Clean(n->label).size(), 60));
  if (!rows.empty()) out += "  hop  " + Pad("entity", w) + "  type\n";
  for (const auto& [d, n] : rows) {
    char hop[16];
    std::snprintf(hop, sizeof hop, "  %3d  ", d);
    out += hop + Pad(Clean(n->label), w) + "  " + Clean(n->type) + "\n";
  }
  Print(out);
  return kExitOk;
}

int RunPath(const Args& args) {
  auto store = OpenForReading(args);
  if (!store) return Fail(store.error());
  auto a = store->ResolveEntity(args.positional[0]);
  if (!a) return Fail(a.error());
  auto b = store->ResolveEntity(args.positional[1]);
  if (!b) return Fail(b.error());
  auto links = store->ShortestPath(*a, *b);
  if (!links) {
    if (links.error().code == graph::ErrorCode::kNotFound) {
      return Fail("no chain of stated relations joins " + Quoted(args.positional[0]) + " and " +
                  Quoted(args.positional[1]));
    }
    return Fail(links.error());
  }
  std::vector<int64_t> ids{*a, *b};
  for (const auto& l : *links) {
    ids.push_back(l.source);
    ids.push_back(l.target);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  graph::GraphFilter filter;
  filter.nodes = ids;
  filter.with_details = false;
  filter.include_cooccurrence = false;
  auto g = store->LoadGraph(filter);
  if (!g) return Fail(g.error());
  std::unordered_map<int64_t, const graph::NodeInfo*> nodes;
  for (const auto& n : g->nodes) nodes[n.id] = &n;
  auto label = [&](int64_t id) {
    auto it = nodes.find(id);
    return it == nodes.end() ? "#" + N(id) : Clean(it->second->label);
  };
  auto typed = [&](int64_t id) {
    auto it = nodes.find(id);
    return it == nodes.end() ? label(id) : label(id) + " (" + Clean(it->second->type) + ")";
  };
  std::unordered_map<int64_t, std::string> titles;
  if (auto docs = store->ListDocuments()) {
    for (const auto& d : *docs) titles[d.id] = d.title;
  }

  std::string out;
  if (links->empty()) {
    out += typed(*a) + " and " + Quoted(args.positional[1]) + " name the same entity\n";
    Print(out);
    return kExitOk;
  }
  out += typed(*a) + " to " + typed(*b) + ": " + N(static_cast<int64_t>(links->size())) +
         (links->size() == 1 ? " hop" : " hops") + "\n";
  int64_t cur = *a;
  int hop = 0;
  for (const auto& l : *links) {
    const bool forward = l.source == cur;
    const int64_t next = forward ? l.target : l.source;
    char num[16];
    std::snprintf(num, sizeof num, "%3d. ", ++hop);
    out += num;
    if (forward) {
      out += label(cur) + " —" + Clean(l.type) + "→ " + label(next) + "\n";
    } else {
      out += label(cur) + " ←" + Clean(l.type) + "— " + label(next) + "\n";
    }
    if (!l.evidence.empty()) {
      const auto& ev = l.evidence.front();
      auto t = titles.find(ev.document);
      out += "     " + Quoted(ev.text) + "  — " +
             (t == titles.end() ? "document #" + N(ev.document) : Clean(t->second)) + "\n";
    }
    cur = next;
  }
  Print(out);
  return kExitOk;
}

}  // namespace accord::cli
