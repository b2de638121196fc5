// Briefings (see briefing.hpp): statement writing from relation types, citations by paragraph,
// entity grouping, the laid-out SVG picture, and the Markdown and HTML renderers.
#include "accord/graph/briefing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "accord/graph/export_formats.hpp"

namespace accord::graph {
namespace {

// ---- words -----------------------------------------------------------------------------------

std::string NumberWord(size_t n) {
  static const char* kWords[] = {"no",     "one",     "two",      "three",    "four",
                                 "five",   "six",     "seven",    "eight",    "nine",
                                 "ten",    "eleven",  "twelve",   "thirteen", "fourteen",
                                 "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                 "twenty"};
  return n <= 20 ? kWords[n] : std::to_string(n);
}

std::string Plural(std::string_view type) {
  if (type == "person") return "people";
  if (type == "policy") return "policies";
  std::string s(type);
  if (s.size() > 1 && s.back() == 'y' && std::string_view("aeiou").find(s[s.size() - 2]) ==
                                             std::string_view::npos) {
    s.back() = 'i';
    return s + "es";
  }
  return s + "s";
}

std::string Counted(size_t n, std::string_view type) {
  return NumberWord(n) + " " + (n == 1 ? std::string(type) : Plural(type));
}

std::string CapitalizeFirst(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Cuts to at most `max` code points, with an ellipsis when cut.
std::string Shorten(std::string_view s, size_t max) {
  if (CodePoints(s) <= max) return std::string(s);
  size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == max - 1) break;
  }
  std::string out(s.substr(0, i));
  while (!out.empty() && (out.back() == ' ' || out.back() == ',')) out.pop_back();
  return out + "\u2026";
}

// "2025-07-26" -> "26 July 2025"; anything else unchanged.
std::string HumanDate(std::string_view iso) {
  static const char* kMonths[] = {"January", "February", "March",     "April",
                                  "May",     "June",     "July",      "August",
                                  "September", "October", "November", "December"};
  int y = 0, m = 0, d = 0;
  if (iso.size() == 10 && std::sscanf(std::string(iso).c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3 &&
      m >= 1 && m <= 12 && d >= 1 && d <= 31)
    return std::to_string(d) + " " + kMonths[m - 1] + " " + std::to_string(y);
  return std::string(iso);
}

std::string JoinAnd(const std::vector<std::string>& items, std::string_view sep = ", ",
                    std::string_view last = " and ") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += (i + 1 == items.size()) ? last : sep;
    out += items[i];
  }
  return out;
}

// Aliases worth printing beside a name: short forms and acronyms, not the longer wording of a
// list item nor a definite description ("the Plan").
std::vector<std::string> ShownAliases(const NodeInfo& n) {
  std::vector<std::string> out;
  for (const std::string& a : n.aliases) {
    if (a.size() >= n.label.size() || a.starts_with("the ") || a.starts_with("The ")) continue;
    out.push_back(a);
  }
  return out;
}

// ---- relation phrases ------------------------------------------------------------------------

struct Phrase {
  std::string one;   // with a singular subject
  std::string many;  // with a plural subject
};

// How a relation type reads between its source (subject) and target (object).
Phrase PhraseFor(std::string_view type, std::string_view object_label, std::string_view object_type) {
  static const std::map<std::string_view, Phrase, std::less<>> kTable = {
      {"includes", {"includes", "include"}},
      {"built_on", {"is built on", "are built on"}},
      {"builds_on", {"builds on", "build on"}},
      {"party_to", {"is a party to", "are parties to"}},
      {"focuses_on", {"focuses on", "focus on"}},
      {"emphasizes", {"emphasizes", "emphasize"}},
      {"has_role", {"serves as", "serve as"}},
      {"has_count", {"counts", "count"}},
      {"located_in", {"is located in", "are located in"}},
      {"part_of", {"is part of", "are part of"}},
      {"represents", {"represents", "represent"}},
      {"leads", {"leads", "lead"}},
      {"chairs", {"chairs", "chair"}},
      {"amends", {"amends", "amend"}},
      {"assists", {"assists", "assist"}},
      {"complements", {"complements", "complement"}},
      {"supports", {"supports", "support"}},
      {"trains", {"trains", "train"}},
      {"cooperates_with", {"cooperates with", "cooperate with"}},
      {"agreed_to", {"agreed to", "agreed to"}},
      {"member_of", {"is a member of", "are members of"}},
  };
  if (auto it = kTable.find(type); it != kTable.end()) return it->second;
  // "<participle>_on|in|at": the source is what was released, adopted, held…
  for (std::string_view prep : {"_on", "_in", "_at"}) {
    if (type.size() > prep.size() && type.ends_with(prep)) {
      std::string verb(type.substr(0, type.size() - prep.size()));
      std::replace(verb.begin(), verb.end(), '_', ' ');
      std::string p(prep.substr(1));
      // A date without a day ("July 2025", "2023") reads "in", not "on".
      if (p == "on" && object_type == "date" && !object_label.empty() &&
          !(object_label[0] >= '0' && object_label[0] <= '9' && object_label.size() > 4))
        p = "in";
      return {"was " + verb + " " + p, "were " + verb + " " + p};
    }
  }
  std::string words(type);
  std::replace(words.begin(), words.end(), '_', ' ');
  return {words, words};
}

// ---- paragraphs ------------------------------------------------------------------------------

bool ListItemStart(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  line.remove_prefix(i);
  if (line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ")) return true;
  size_t d = 0;
  while (d < line.size() && line[d] >= '0' && line[d] <= '9') ++d;
  return d > 0 && d + 1 < line.size() && (line[d] == '.' || line[d] == ')') && line[d + 1] == ' ';
}

// ---- colours ----------------------------------------------------------------------------------

// Entity type colours for a white page: the explorer's hues, darkened to read on paper.
const char* TypeFill(std::string_view type) {
  static const std::pair<std::string_view, const char*> kPalette[] = {
      {"organization", "#2c7fb8"}, {"country", "#d98200"},   {"place", "#b59a00"},
      {"person", "#b0508a"},       {"role", "#d46aa5"},      {"event", "#cf4f22"},
      {"initiative", "#009e73"},   {"plan", "#1f9d8a"},      {"policy", "#3a62c4"},
      {"principle", "#7b61c9"},    {"pillar", "#5b3fa6"},    {"measure", "#5c9b2c"},
      {"sector", "#8c6d5a"},       {"technology", "#0096b4"}, {"date", "#9c8a4a"},
      {"number", "#6b7588"},
  };
  for (const auto& [t, c] : kPalette)
    if (t == type) return c;
  return "#808080";
}

// ---- the builder ------------------------------------------------------------------------------

struct Builder {
  const GraphData& g;
  const BriefingOptions& opt;
  Briefing& b;
  std::unordered_map<int64_t, size_t> node_index;
  std::unordered_map<int64_t, const DocumentInfo*> docs;
  std::vector<int64_t> degree;
  std::vector<bool> is_focus;
  std::vector<bool> takes_article;
  std::unordered_map<int64_t, std::vector<uint32_t>> paragraphs;  // per document
  std::unordered_map<int64_t, std::string> texts;

  Builder(const GraphData& graph, const BriefingOptions& options, Briefing& out)
      : g(graph), opt(options), b(out) {}

  std::string Name(size_t i) const {
    const NodeInfo& n = g.nodes[i];
    return takes_article[i] ? "the " + n.label : n.label;
  }

  Citation Cite(int64_t doc, uint32_t offset) {
    Citation c;
    c.document = doc;
    auto it = paragraphs.find(doc);
    if (it != paragraphs.end()) c.paragraph = ParagraphAt(it->second, offset);
    if (opt.page_of) {
      c.page = opt.page_of(doc, offset);
    } else if (const uint32_t page = PageAt(g, doc, offset); page != 0) {
      c.page = page;  // the pages the reader recorded (PDF), carried by the loaded graph
    }
    return c;
  }

  void LoadTexts() {
    for (const DocumentInfo& d : g.documents) {
      docs[d.id] = &d;
      std::string text = opt.document_text ? opt.document_text(d.id) : std::string();
      if (!text.empty()) paragraphs[d.id] = ParagraphStarts(text);
      texts[d.id] = std::move(text);
    }
  }

  // Proper names that the documents write with "the" ("the United Kingdom", "the Plan")
  // take it in our sentences too; lower-case phrases, dates and numbers never do.
  void DecideArticles() {
    takes_article.assign(g.nodes.size(), false);
    for (size_t i = 0; i < g.nodes.size(); ++i) {
      const NodeInfo& n = g.nodes[i];
      if (n.label.empty() || !(n.label[0] >= 'A' && n.label[0] <= 'Z')) continue;
      if (n.type == "date" || n.type == "number" || n.type == "person" || n.type == "country")
        if (!n.label.starts_with("United ") && !n.label.starts_with("Republic ")) continue;
      if (n.label.starts_with("The ")) continue;
      const std::string a = "the " + n.label, b2 = "The " + n.label;
      auto holds = [&](const std::string& text) {
        return text.find(a) != std::string::npos || text.find(b2) != std::string::npos;
      };
      bool found = false;
      for (const auto& [id, text] : texts) found = found || holds(text);
      for (const LinkInfo& l : g.links)
        for (const EvidenceInfo& e : l.evidence) found = found || holds(e.text);
      takes_article[i] = found;
    }
  }

  void Groups() {
    std::map<std::string, std::vector<size_t>> by_type;
    for (size_t i = 0; i < g.nodes.size(); ++i) by_type[g.nodes[i].type].push_back(i);
    std::set<std::string> focus_types;
    for (size_t f : b.focus) focus_types.insert(g.nodes[f].type);
    for (auto& [type, members] : by_type) {
      std::sort(members.begin(), members.end(), [&](size_t x, size_t y) {
        if (is_focus[x] != is_focus[y]) return static_cast<bool>(is_focus[x]);
        return g.nodes[x].label < g.nodes[y].label;
      });
      b.groups.push_back({type, CapitalizeFirst(Plural(type)), members});
    }
    std::stable_sort(b.groups.begin(), b.groups.end(), [&](const auto& x, const auto& y) {
      const bool fx = focus_types.contains(x.type), fy = focus_types.contains(y.type);
      if (fx != fy) return fx;
      if (x.nodes.size() != y.nodes.size()) return x.nodes.size() > y.nodes.size();
      return x.type < y.type;
    });
  }

  void Statements() {
    // Candidate links: stated, not self-loops, not bare counts (list sentences carry them).
    struct Cand {
      const LinkInfo* link;
      size_t s, t;
      int tier;
      int64_t weight;
    };
    std::vector<Cand> cands;
    for (const LinkInfo& l : g.links) {
      if (l.kind != RelationKind::kStated || l.source == l.target || l.type == "has_count")
        continue;
      const size_t s = node_index.at(l.source), t = node_index.at(l.target);
      cands.push_back({&l, s, t, (is_focus[s] || is_focus[t]) ? 0 : 1, degree[s] + degree[t]});
    }
    std::sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
      if (x.tier != y.tier) return x.tier < y.tier;
      if (x.weight != y.weight) return x.weight > y.weight;
      return x.link->id < y.link->id;
    });
    auto first_evidence = [](const LinkInfo& l) {
      return l.evidence.empty() ? std::pair<int64_t, uint32_t>{INT64_MAX, 0}
                                : std::pair<int64_t, uint32_t>{l.evidence[0].document,
                                                               l.evidence[0].start};
    };
    // Group parallel links: one subject, one relation, three or more objects (or the mirror).
    // Lists are grouped per document (the document that states the link first), so a list
    // reads as the document wrote it.
    using Key = std::tuple<size_t, std::string, int64_t>;
    std::map<Key, std::vector<size_t>> by_source, by_target;
    for (size_t k = 0; k < cands.size(); ++k) {
      const int64_t doc = first_evidence(*cands[k].link).first;
      by_source[{cands[k].s, cands[k].link->type, doc}].push_back(k);
      by_target[{cands[k].t, cands[k].link->type, doc}].push_back(k);
    }
    std::vector<int> group_of(cands.size(), -1);  // >= 0: member of a list statement
    std::vector<std::vector<size_t>> groups;
    std::vector<bool> group_by_source;
    for (auto* index : {&by_source, &by_target}) {
      for (auto& [key, members] : *index) {
        std::vector<size_t> free;
        for (size_t k : members)
          if (group_of[k] < 0) free.push_back(k);
        if (free.size() < 3) continue;
        for (size_t k : free) group_of[k] = static_cast<int>(groups.size());
        groups.push_back(free);
        group_by_source.push_back(index == &by_source);
      }
    }
    std::vector<bool> group_done(groups.size(), false);
    size_t written_links = 0;
    for (size_t k = 0; k < cands.size(); ++k) {
      if (b.statements.size() >= opt.max_statements) break;
      const Cand& c = cands[k];
      BriefingStatement st;
      if (group_of[k] < 0) {
        const LinkInfo& l = *c.link;
        const Phrase p = PhraseFor(l.type, g.nodes[c.t].label, g.nodes[c.t].type);
        st.sentence = CapitalizeFirst(Name(c.s)) + " " + p.one + " " + Name(c.t) + ".";
        for (const EvidenceInfo& e : l.evidence) st.citations.push_back(Cite(e.document, e.start));
        if (!l.evidence.empty()) st.quote = l.evidence[0].text;
        st.links.push_back(l.id);
      } else {
        const int gi = group_of[k];
        if (group_done[gi]) continue;
        group_done[gi] = true;
        std::vector<size_t> members = groups[gi];
        std::sort(members.begin(), members.end(), [&](size_t x, size_t y) {
          const auto ex = first_evidence(*cands[x].link), ey = first_evidence(*cands[y].link);
          if (ex != ey) return ex < ey;
          return cands[x].link->id < cands[y].link->id;
        });
        const std::string& type = c.link->type;
        std::vector<std::string> names;
        std::set<std::string> other_types;
        for (size_t m : members) {
          const size_t other = group_by_source[gi] ? cands[m].t : cands[m].s;
          names.push_back(Name(other));
          other_types.insert(g.nodes[other].type);
          for (const EvidenceInfo& e : cands[m].link->evidence)
            st.citations.push_back(Cite(e.document, e.start));
          st.links.push_back(cands[m].link->id);
        }
        if (group_by_source[gi]) {
          const Phrase p = PhraseFor(type, g.nodes[cands[members[0]].t].label,
                                     g.nodes[cands[members[0]].t].type);
          const std::string what = other_types.size() == 1
                                       ? Counted(names.size(), *other_types.begin())
                                       : NumberWord(names.size()) + " items";
          st.sentence = CapitalizeFirst(Name(c.s)) + " " + p.one + " " + what + ":";
          st.items = names;
        } else {
          const Phrase p = PhraseFor(type, g.nodes[c.t].label, g.nodes[c.t].type);
          st.sentence = CapitalizeFirst(JoinAnd(names)) + " " + p.many + " " + Name(c.t) + ".";
        }
        std::vector<Citation> unique;
        for (const Citation& ci : st.citations)
          if (std::find(unique.begin(), unique.end(), ci) == unique.end()) unique.push_back(ci);
        st.citations = std::move(unique);
      }
      written_links += st.links.size();
      b.statements.push_back(std::move(st));
    }
    b.omitted_statements = cands.size() - written_links;
    MergeStatements();
  }

  // Statements quoting the same sentence become one item: "S was released at X, in Y and in
  // Z." when they share a subject and a participle, otherwise their sentences in a row.
  void MergeStatements() {
    struct Part {
      std::string head;                // "S was released" (mergeable) or empty
      std::vector<std::string> tails;  // "at X", "in Y"; or the whole sentence when no head
      std::string key;                 // the passive head this part absorbs ("S was released")
    };
    std::vector<BriefingStatement> merged;
    std::vector<std::vector<Part>> parts;
    for (BriefingStatement& st : b.statements) {
      Part part;
      if (st.links.size() == 1 && !st.quote.empty()) {
        const size_t pos = st.sentence.find(" was ");
        const size_t sp = pos == std::string::npos ? pos : st.sentence.find(' ', pos + 5);
        if (sp != std::string::npos) {
          part.head = st.sentence.substr(0, sp);
          std::string tail = st.sentence.substr(sp + 1);
          if (!tail.empty() && tail.back() == '.') tail.pop_back();
          part.tails.push_back(tail);
        }
      }
      if (part.head.empty()) part.tails.push_back(st.sentence);
      part.key = part.head;
      size_t into = merged.size();
      for (size_t m = 0; m < merged.size() && into == merged.size(); ++m)
        if (!st.quote.empty() && merged[m].quote == st.quote) into = m;
      if (into == merged.size()) {
        merged.push_back(std::move(st));
        parts.push_back({part});
        continue;
      }
      BriefingStatement& m = merged[into];
      for (const Citation& c : st.citations)
        if (std::find(m.citations.begin(), m.citations.end(), c) == m.citations.end())
          m.citations.push_back(c);
      m.links.insert(m.links.end(), st.links.begin(), st.links.end());
      bool joined = false;
      for (Part& p : parts[into]) {
        if (!part.head.empty() && p.key == part.head) {
          p.tails.push_back(part.tails[0]);
          joined = true;
          break;
        }
      }
      // "X released S." absorbs "S was released at Y": "X released S at Y."
      if (!joined && !part.head.empty()) {
        const size_t was = part.head.find(" was ");
        std::string subject = part.head.substr(0, was);
        if (subject.starts_with("The ")) subject[0] = 't';
        const std::string ending = " " + part.head.substr(was + 5) + " " + subject + ".";
        for (Part& p : parts[into]) {
          if (p.head.empty() && p.tails.size() == 1 && p.tails[0].ends_with(ending)) {
            p.head = p.tails[0].substr(0, p.tails[0].size() - 1);
            p.tails = {part.tails[0]};
            p.key = part.head;
            joined = true;
            break;
          }
        }
      }
      if (!joined) parts[into].push_back(part);
      std::string sentence;
      for (const Part& p : parts[into]) {
        if (!sentence.empty()) sentence += ' ';
        sentence += p.head.empty() ? p.tails[0] : p.head + " " + JoinAnd(p.tails) + ".";
      }
      m.sentence = sentence;
    }
    b.statements = std::move(merged);
  }

  void Sources() {
    std::vector<int64_t> order;
    for (const BriefingStatement& st : b.statements)
      for (const Citation& c : st.citations)
        if (std::find(order.begin(), order.end(), c.document) == order.end())
          order.push_back(c.document);
    for (const DocumentInfo& d : g.documents)
      if (std::find(order.begin(), order.end(), d.id) == order.end()) order.push_back(d.id);
    for (int64_t id : order) {
      auto it = docs.find(id);
      if (it == docs.end()) continue;
      const DocumentInfo& d = *it->second;
      BriefingSource s;
      s.document = id;
      s.title = d.title.empty() ? d.path : d.title;
      for (const auto& [k, v] : d.metadata) {
        if (k == "issuer") s.issuer = v;
        if (k == "date") s.date = HumanDate(v);
      }
      const size_t slash = d.path.find_last_of('/');
      s.file = slash == std::string::npos ? d.path : d.path.substr(slash + 1);
      b.sources.push_back(std::move(s));
    }
  }

  void Overview() {
    std::vector<std::string> focus_names;
    for (size_t f : b.focus) focus_names.push_back(Name(f));
    const std::string hops = opt.depth == 1 ? "one hop" : NumberWord(static_cast<size_t>(opt.depth)) + " hops";
    const size_t docs_n = g.documents.size();
    size_t stated = 0, cooc = 0;
    for (const LinkInfo& l : g.links) (l.kind == RelationKind::kStated ? stated : cooc)++;
    if (!b.focus.empty()) {
      b.scope = "Entities within " + hops + " of " + JoinAnd(focus_names) +
                " and the relations the documents state between them, drawn from " +
                Counted(docs_n, "document") + ".";
    } else {
      b.scope = "The entities and the relations the documents state between them, drawn from " +
                Counted(docs_n, "document") + ".";
    }
    std::vector<std::string> parts;
    for (const BriefingGroup& grp : b.groups) {
      size_t n = 0;
      for (size_t i : grp.nodes) n += !is_focus[i];
      if (n) parts.push_back(Counted(n, grp.type));
    }
    std::string text;
    if (b.focus.size() == 1) {
      const size_t f = b.focus[0];
      const NodeInfo& n = g.nodes[f];
      const char* art = std::string_view("aeiou").find(n.type[0]) != std::string_view::npos ? "an" : "a";
      text = CapitalizeFirst(Name(f)) + " is " + art + " " + n.type;
      if (!ShownAliases(n).empty()) {
        std::vector<std::string> q;
        for (const auto& a : ShownAliases(n)) q.push_back("\u201c" + a + "\u201d");
        text += ", also referred to as " + JoinAnd(q, ", ", " or ");
      }
      text += ". ";
    }
    const size_t others = g.nodes.size() - b.focus.size();
    if (!parts.empty()) {
      text += std::string(b.focus.empty() ? "The documents name " : "Around it the documents name ") +
              Counted(others, "entity") + " (" + JoinAnd(parts) + "), joined by " +
              Counted(stated, "stated relation");
      if (cooc) text += " and " + Counted(cooc, "co-occurrence link");
      text += ".";
    }
    if (b.omitted_statements)
      text += " The " + NumberWord(b.statements.size()) +
              " statements below are the most central; " + NumberWord(b.omitted_statements) +
              " further relation" + (b.omitted_statements == 1 ? " is" : "s are") +
              " in the full export.";
    b.overview = text;
  }

  void Layout() {
    const uint32_t n = static_cast<uint32_t>(g.nodes.size());
    std::vector<uint32_t> src, tgt;
    for (const LinkInfo& l : g.links) {
      src.push_back(static_cast<uint32_t>(node_index.at(l.source)));
      tgt.push_back(static_cast<uint32_t>(node_index.at(l.target)));
    }
    LayoutOptions lo;
    lo.seed = opt.seed;
    lo.link_distance = 40;
    lo.charge_strength = -140;
    lo.gravity = 0.06f;
    Simulation sim(n, src, tgt, lo);
    // Collision discs wide enough for a label beside the node: labels rarely collide.
    std::vector<float> radii(n);
    for (uint32_t i = 0; i < n; ++i)
      radii[i] = 7.0f + 1.9f * static_cast<float>(std::min<size_t>(CodePoints(g.nodes[i].label), 30));
    sim.SetRadii(radii);
    sim.Tick(opt.layout_ticks);
    b.x = sim.x();
    b.y = sim.y();
  }

  void Run(std::span<const int64_t> focus_ids) {
    b.graph = g;
    for (size_t i = 0; i < g.nodes.size(); ++i) node_index[g.nodes[i].id] = i;
    degree.assign(g.nodes.size(), 0);
    for (const LinkInfo& l : g.links) {
      ++degree[node_index.at(l.source)];
      if (l.target != l.source) ++degree[node_index.at(l.target)];
    }
    is_focus.assign(g.nodes.size(), false);
    for (int64_t id : focus_ids) {
      auto it = node_index.find(id);
      if (it != node_index.end() && !is_focus[it->second]) {
        is_focus[it->second] = true;
        b.focus.push_back(it->second);
      }
    }
    LoadTexts();
    DecideArticles();
    if (!opt.title.empty()) {
      b.title = opt.title;
    } else {
      std::vector<std::string> names;
      for (size_t f : b.focus) names.push_back(g.nodes[f].label);
      b.title = names.empty() ? "Accord briefing" : JoinAnd(names);
    }
    Groups();
    Statements();
    Sources();
    Overview();
    Layout();
  }
};

// ---- rendering helpers -----------------------------------------------------------------------

std::string Markdown(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_[]<>").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string Html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') break;
        out += c;
    }
  }
  return out;
}

// "5, 7–10" from sorted unique numbers.
std::string Ranges(std::vector<uint32_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  std::string out;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(v[i]);
    if (j > i) out += (j == i + 1 ? ", " : "\u2013") + std::to_string(v[j]);
    i = j + 1;
  }
  return out;
}

struct CitedSource {
  size_t number;           // 1-based source number
  std::string title;
  std::string where;       // "p. 4, para. 12" or "paras. 5–10" (may be empty)
};

std::vector<CitedSource> CiteGroups(const Briefing& b, const std::vector<Citation>& cites) {
  std::vector<CitedSource> out;
  std::vector<int64_t> order;
  for (const Citation& c : cites)
    if (std::find(order.begin(), order.end(), c.document) == order.end()) order.push_back(c.document);
  for (int64_t doc : order) {
    CitedSource cs{0, "", ""};
    for (size_t i = 0; i < b.sources.size(); ++i)
      if (b.sources[i].document == doc) {
        cs.number = i + 1;
        cs.title = b.sources[i].title;
      }
    std::vector<uint32_t> paras, pages;
    for (const Citation& c : cites) {
      if (c.document != doc) continue;
      if (c.paragraph) paras.push_back(c.paragraph);
      if (c.page) pages.push_back(*c.page);
    }
    std::string where;
    if (!pages.empty()) {
      const std::string r = Ranges(pages);
      where = (r.find_first_of(",\u2013") == std::string::npos ? "p. " : "pp. ") + r;
    }
    if (!paras.empty()) {
      const std::string r = Ranges(paras);
      if (!where.empty()) where += ", ";
      where += (r.find(',') == std::string::npos && r.find("\u2013") == std::string::npos
                    ? "para. "
                    : "paras. ") +
               r;
    }
    cs.where = where;
    out.push_back(std::move(cs));
  }
  return out;
}

struct PlacedLabel {
  float x, y, w, h;  // top-left and size
  std::vector<std::string> lines;
};

// A label in at most two lines of about `width` code points, broken at spaces; what does not
// fit in two lines ends with an ellipsis.
std::vector<std::string> WrapLabel(std::string_view label, size_t width) {
  if (CodePoints(label) <= width) return {std::string(label)};
  std::vector<std::string> words;
  for (size_t p = 0; p < label.size();) {
    size_t q = label.find(' ', p);
    if (q == std::string_view::npos) q = label.size();
    if (q > p) words.emplace_back(label.substr(p, q - p));
    p = q + 1;
  }
  std::string first, rest;
  size_t k = 0;
  for (; k < words.size(); ++k) {
    const std::string candidate = first.empty() ? words[k] : first + " " + words[k];
    if (!first.empty() && CodePoints(candidate) > width) break;
    first = candidate;
  }
  for (; k < words.size(); ++k) rest += (rest.empty() ? "" : " ") + words[k];
  if (rest.empty()) return {Shorten(first, width + 4)};
  return {Shorten(first, width + 4), Shorten(rest, width)};
}

struct Picture {
  float x0, y0, x1, y1;
  std::vector<float> r;
  std::vector<std::optional<PlacedLabel>> labels;
};

constexpr float kFontPx = 12.5f;
constexpr float kCharPx = 6.9f;      // average advance of a sans-serif at kFontPx
constexpr float kBoldCharPx = 7.8f;  // the same in bold (the focus)
constexpr float kLinePx = kFontPx + 2;

Picture PlacePicture(const Briefing& b) {
  const size_t n = b.graph.nodes.size();
  Picture p;
  std::vector<int64_t> degree(n, 0);
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < n; ++i) index[b.graph.nodes[i].id] = i;
  for (const LinkInfo& l : b.graph.links) {
    ++degree[index[l.source]];
    if (l.target != l.source) ++degree[index[l.target]];
  }
  std::vector<bool> focus(n, false);
  for (size_t f : b.focus) focus[f] = true;
  p.r.resize(n);
  for (size_t i = 0; i < n; ++i)
    p.r[i] = (focus[i] ? 9.0f : 4.5f) + 1.6f * std::sqrt(static_cast<float>(degree[i]));
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t c) {
    if (focus[a] != focus[c]) return static_cast<bool>(focus[a]);
    if (degree[a] != degree[c]) return degree[a] > degree[c];
    return b.graph.nodes[a].label < b.graph.nodes[c].label;
  });
  std::vector<PlacedLabel> placed;
  auto overlaps = [&](const PlacedLabel& L, size_t self) {
    for (const PlacedLabel& o : placed)
      if (L.x < o.x + o.w && o.x < L.x + L.w && L.y < o.y + o.h && o.y < L.y + L.h) return true;
    for (size_t j = 0; j < n; ++j) {
      if (j == self) continue;
      const float cx = std::clamp(b.x[j], L.x, L.x + L.w), cy = std::clamp(b.y[j], L.y, L.y + L.h);
      const float dx = b.x[j] - cx, dy = b.y[j] - cy;
      if (dx * dx + dy * dy < (p.r[j] + 1) * (p.r[j] + 1)) return true;
    }
    return false;
  };
  p.labels.resize(n);
  for (size_t i : order) {
    const std::vector<std::string> text = WrapLabel(b.graph.nodes[i].label, focus[i] ? 30 : 24);
    size_t widest = 0;
    for (const std::string& line : text) widest = std::max(widest, CodePoints(line));
    const float w = (focus[i] ? kBoldCharPx : kCharPx) * static_cast<float>(widest) + 2;
    const float h = kLinePx * static_cast<float>(text.size()) + 3;
    const float x = b.x[i], y = b.y[i], r = p.r[i];
    const PlacedLabel candidates[] = {
        {x + r + 3, y - h / 2, w, h, text},          {x - r - 3 - w, y - h / 2, w, h, text},
        {x - w / 2, y + r + 2, w, h, text},          {x - w / 2, y - r - 2 - h, w, h, text},
        {x + r + 2, y - r - h, w, h, text},          {x + r + 2, y + r, w, h, text},
        {x - r - 2 - w, y - r - h, w, h, text},      {x - r - 2 - w, y + r, w, h, text},
    };
    for (const PlacedLabel& c : candidates) {
      if (!overlaps(c, i)) {
        placed.push_back(c);
        p.labels[i] = c;
        break;
      }
    }
  }
  p.x0 = p.y0 = 1e30f;
  p.x1 = p.y1 = -1e30f;
  for (size_t i = 0; i < n; ++i) {
    p.x0 = std::min(p.x0, b.x[i] - p.r[i]);
    p.x1 = std::max(p.x1, b.x[i] + p.r[i]);
    p.y0 = std::min(p.y0, b.y[i] - p.r[i]);
    p.y1 = std::max(p.y1, b.y[i] + p.r[i]);
    if (p.labels[i]) {
      const PlacedLabel& L = *p.labels[i];
      p.x0 = std::min(p.x0, L.x);
      p.x1 = std::max(p.x1, L.x + L.w);
      p.y0 = std::min(p.y0, L.y);
      p.y1 = std::max(p.y1, L.y + L.h);
    }
  }
  if (n == 0) p.x0 = p.y0 = 0, p.x1 = p.y1 = 100;
  const float m = 12;
  p.x0 -= m, p.y0 -= m, p.x1 += m, p.y1 += m;
  return p;
}

std::string Num(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(v));
  std::string s(buf);
  if (s == "-0.0") s = "0.0";
  return s;
}

}  // namespace

std::vector<uint32_t> ParagraphStarts(std::string_view text) {
  std::vector<uint32_t> starts;
  size_t pos = 0;
  // Front matter: a first line "---" up to the next "---" line.
  if (text.starts_with("---\n") || text.starts_with("---\r\n")) {
    size_t end = text.find("\n---", 3);
    if (end != std::string_view::npos) {
      size_t nl = text.find('\n', end + 4);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
    }
  }
  bool in_paragraph = false;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
    const bool heading = line.starts_with("#");
    if (blank || heading) {
      in_paragraph = false;
    } else if (!in_paragraph || ListItemStart(line)) {
      starts.push_back(static_cast<uint32_t>(pos));
      in_paragraph = true;
    }
    pos = nl + 1;
  }
  return starts;
}

uint32_t ParagraphAt(std::span<const uint32_t> starts, uint32_t offset) {
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  return static_cast<uint32_t>(it - starts.begin());
}

std::string CitationText(const Citation& c, std::string_view title) {
  std::string out(title);
  if (c.page) out += ", p. " + std::to_string(*c.page);
  if (c.paragraph) out += ", para. " + std::to_string(c.paragraph);
  return out;
}

Briefing BuildBriefing(const GraphData& input, std::span<const int64_t> focus,
                       const BriefingOptions& options) {
  // Numbers linked only as list counts ("six" principles) are said by the list sentences; as
  // entities of their own they would only clutter the briefing and its picture.
  GraphData graph = input;
  {
    std::unordered_map<int64_t, bool> count_only;
    for (const NodeInfo& n : graph.nodes)
      if (n.type == "number" && std::find(focus.begin(), focus.end(), n.id) == focus.end())
        count_only[n.id] = true;
    for (const LinkInfo& l : graph.links) {
      if (l.type == "has_count") continue;
      if (auto it = count_only.find(l.source); it != count_only.end()) it->second = false;
      if (auto it = count_only.find(l.target); it != count_only.end()) it->second = false;
    }
    auto dropped = [&](int64_t id) {
      auto it = count_only.find(id);
      return it != count_only.end() && it->second;
    };
    std::erase_if(graph.links, [&](const LinkInfo& l) { return dropped(l.source) || dropped(l.target); });
    std::erase_if(graph.nodes, [&](const NodeInfo& n) { return dropped(n.id); });
  }
  Briefing b;
  Builder builder(graph, options, b);
  builder.Run(focus);
  return b;
}

std::string BriefingSvg(const Briefing& b) {
  const Picture p = PlacePicture(b);
  const size_t n = b.graph.nodes.size();
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < n; ++i) index[b.graph.nodes[i].id] = i;
  std::vector<bool> focus(n, false);
  for (size_t f : b.focus) focus[f] = true;
  const float w = p.x1 - p.x0, h = p.y1 - p.y0;
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"" << Num(p.x0) << ' ' << Num(p.y0)
    << ' ' << Num(w) << ' ' << Num(h) << "\" width=\"" << Num(w) << "\" height=\"" << Num(h)
    << "\" role=\"img\" aria-label=\"" << XmlEscape("Graph of " + b.title) << "\" "
    << "font-family=\"'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif\" font-size=\""
    << Num(kFontPx) << "\">\n"
    << "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
       "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
       "<path d=\"M0,1 L10,5 L0,9 z\" fill=\"#9aa3ad\"/></marker></defs>\n"
    << "<g class=\"links\" stroke=\"#b4bcc5\" stroke-width=\"1.1\" fill=\"none\">\n";
  for (const LinkInfo& l : b.graph.links) {
    const size_t s = index[l.source], t = index[l.target];
    if (s == t) continue;
    const float dx = b.x[t] - b.x[s], dy = b.y[t] - b.y[s];
    const float d = std::max(std::sqrt(dx * dx + dy * dy), 1e-3f);
    const float ux = dx / d, uy = dy / d;
    const float x0 = b.x[s] + ux * p.r[s], y0 = b.y[s] + uy * p.r[s];
    const float x1 = b.x[t] - ux * (p.r[t] + 1), y1 = b.y[t] - uy * (p.r[t] + 1);
    o << "<line x1=\"" << Num(x0) << "\" y1=\"" << Num(y0) << "\" x2=\"" << Num(x1) << "\" y2=\""
      << Num(y1) << '"';
    if (l.kind == RelationKind::kCooccurrence) o << " stroke-dasharray=\"3 3\"";
    else o << " marker-end=\"url(#arrow)\"";
    o << "><title>" << XmlEscape(b.graph.nodes[s].label + " \u2192 " + l.type + " \u2192 " +
                                 b.graph.nodes[t].label)
      << "</title></line>\n";
  }
  o << "</g>\n<g class=\"nodes\" stroke=\"#ffffff\" stroke-width=\"1.5\">\n";
  for (size_t i = 0; i < n; ++i) {
    const NodeInfo& node = b.graph.nodes[i];
    o << "<circle cx=\"" << Num(b.x[i]) << "\" cy=\"" << Num(b.y[i]) << "\" r=\"" << Num(p.r[i])
      << "\" fill=\"" << TypeFill(node.type) << '"';
    if (focus[i]) o << " stroke=\"#1b2430\" stroke-width=\"2.5\"";
    o << "><title>" << XmlEscape(node.label + " (" + node.type + ")") << "</title></circle>\n";
  }
  o << "</g>\n<g class=\"labels\" fill=\"#1b2430\" stroke=\"#ffffff\" stroke-width=\"3\" "
       "stroke-linejoin=\"round\" paint-order=\"stroke\">\n";
  for (size_t i = 0; i < n; ++i) {
    if (!p.labels[i]) continue;
    const PlacedLabel& L = *p.labels[i];
    o << "<text x=\"" << Num(L.x + 1) << "\" y=\"" << Num(L.y + kFontPx) << '"';
    if (focus[i]) o << " font-weight=\"bold\"";
    o << '>';
    if (L.lines.size() == 1) {
      o << XmlEscape(L.lines[0]);
    } else {
      for (size_t k = 0; k < L.lines.size(); ++k)
        o << "<tspan x=\"" << Num(L.x + 1) << "\" dy=\"" << (k ? Num(kLinePx) : "0") << "\">"
          << XmlEscape(L.lines[k]) << "</tspan>";
    }
    o << "</text>\n";
  }
  o << "</g>\n</svg>\n";
  return o.str();
}

Status WriteBriefingMarkdown(const Briefing& b, std::ostream& out) {
  out << "# " << Markdown(b.title) << "\n\n";
  out << "*Briefing. " << Markdown(b.scope) << "*\n\n";
  out << "## Overview\n\n" << Markdown(b.overview) << "\n\n";
  out << "## Key relations\n\n";
  if (b.statements.empty()) out << "The documents state no relation between these entities.\n\n";
  for (size_t k = 0; k < b.statements.size(); ++k) {
    const BriefingStatement& st = b.statements[k];
    out << k + 1 << ". " << Markdown(st.sentence) << "\n";
    if (!st.items.empty()) out << "\n";
    for (const std::string& item : st.items) out << "   - " << Markdown(item) << "\n";
    if (!st.items.empty()) out << "\n";
    if (!st.quote.empty()) out << "   > \u201c" << Markdown(st.quote) << "\u201d\n   >\n   > ";
    else out << "   ";
    std::vector<std::string> parts;
    for (const CitedSource& cs : CiteGroups(b, st.citations))
      parts.push_back("*" + Markdown(cs.title) + "*" + (cs.where.empty() ? "" : ", " + cs.where) +
                      " [" + std::to_string(cs.number) + "]");
    out << "\u2014 " << JoinAnd(parts, "; ", "; ") << "\n\n";
  }
  out << "## Entities by type\n\n";
  std::vector<bool> focus(b.graph.nodes.size(), false);
  for (size_t f : b.focus) focus[f] = true;
  for (const BriefingGroup& grp : b.groups) {
    out << "### " << Markdown(grp.heading) << " (" << grp.nodes.size() << ")\n\n";
    for (size_t i : grp.nodes) {
      const NodeInfo& n = b.graph.nodes[i];
      out << "- " << (focus[i] ? "**" : "") << Markdown(n.label) << (focus[i] ? "**" : "");
      if (!ShownAliases(n).empty()) {
        std::vector<std::string> a;
        for (const auto& s : ShownAliases(n)) a.push_back(Markdown(s));
        out << " (also " << JoinAnd(a, ", ", ", ") << ")";
      }
      out << "\n";
    }
    out << "\n";
  }
  out << "## Sources\n\n";
  for (size_t i = 0; i < b.sources.size(); ++i) {
    const BriefingSource& s = b.sources[i];
    out << i + 1 << ". *" << Markdown(s.title) << "*";
    if (!s.issuer.empty()) out << ". " << Markdown(s.issuer);
    if (!s.date.empty()) out << ", " << Markdown(s.date);
    out << ". File `" << s.file << "`.\n";
  }
  out << "\nParagraphs are numbered in each document's body, headings left out and each list item "
         "counted as one.\n";
  out.flush();
  if (!out) return Fail(ErrorCode::kIo, "Could not write the briefing (stream error).");
  return {};
}

Status WriteBriefingHtml(const Briefing& b, std::ostream& out) {
  std::vector<bool> focus(b.graph.nodes.size(), false);
  for (size_t f : b.focus) focus[f] = true;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << Html(b.title) << " \u2014 briefing</title>\n"
      << "<style>\n"
         ":root{--ink:#1b2430;--muted:#5b6673;--rule:#d9dee4;--accent:#2b4c7e}\n"
         "*{box-sizing:border-box}\n"
         "body{margin:0;background:#f4f5f7;color:var(--ink);"
         "font:16px/1.55 Georgia,'DejaVu Serif','Times New Roman',serif}\n"
         "main{max-width:960px;margin:28px auto;background:#fff;padding:44px 56px 48px;"
         "box-shadow:0 1px 4px rgba(0,0,0,.08)}\n"
         ".kicker{font:600 12px/1 'DejaVu Sans',Arial,sans-serif;letter-spacing:.14em;"
         "text-transform:uppercase;color:var(--accent);margin:0 0 10px}\n"
         "h1{font-size:30px;line-height:1.2;margin:0 0 10px;font-weight:normal}\n"
         ".scope{color:var(--muted);font-style:italic;margin:0 0 22px;padding-bottom:18px;"
         "border-bottom:2px solid var(--ink)}\n"
         "h2{font:600 13px/1.2 'DejaVu Sans',Arial,sans-serif;letter-spacing:.1em;"
         "text-transform:uppercase;color:var(--accent);margin:34px 0 12px;padding-bottom:6px;"
         "border-bottom:1px solid var(--rule)}\n"
         "h3{font:600 14px/1.3 'DejaVu Sans',Arial,sans-serif;margin:16px 0 4px}\n"
         "figure{margin:8px -36px 0;text-align:center}\n"
         "figure svg{max-width:100%;height:auto}\n"
         "figcaption{font:12px/1.4 'DejaVu Sans',Arial,sans-serif;color:var(--muted);"
         "margin-top:6px}\n"
         ".legend{display:flex;flex-wrap:wrap;justify-content:center;gap:4px 14px;"
         "font:12px/1.4 'DejaVu Sans',Arial,sans-serif;color:var(--muted);margin:8px 0 0;"
         "padding:0;list-style:none}\n"
         ".legend span{display:inline-block;width:10px;height:10px;border-radius:50%;"
         "margin-right:5px;vertical-align:-1px}\n"
         "ol.statements{padding-left:1.6em;margin:0}\n"
         "ol.statements>li{margin:0 0 16px;padding-left:4px}\n"
         ".statement{font-size:16.5px}\n"
         "ul.items{margin:4px 0 2px;padding-left:1.2em;font-size:15px;columns:2;column-gap:28px}\n"
         "ul.items li{break-inside:avoid}\n"
         "blockquote{margin:6px 0 2px;padding:2px 0 2px 14px;border-left:3px solid var(--rule);"
         "color:#38424e;font-size:15px;font-style:italic}\n"
         ".cite{font:12.5px/1.4 'DejaVu Sans',Arial,sans-serif;color:var(--muted);margin:3px 0 0}\n"
         ".cite a{color:var(--accent);text-decoration:none}\n"
         ".entities{columns:2;column-gap:36px}\n"
         ".group{break-inside:avoid;margin-bottom:10px}\n"
         ".group ul{margin:0;padding-left:1.1em;font-size:15px}\n"
         ".chip{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px}\n"
         ".alias{color:var(--muted)}\n"
         "ol.sources{padding-left:1.6em;font-size:15px}\n"
         ".file{font:12px 'DejaVu Sans Mono',monospace;color:var(--muted)}\n"
         ".note{font:12px/1.4 'DejaVu Sans',Arial,sans-serif;color:var(--muted);margin-top:22px}\n"
         "@media print{body{background:#fff}main{box-shadow:none;margin:0;padding:0}}\n"
         "</style>\n</head>\n<body>\n<main>\n"
      << "<p class=\"kicker\">Briefing</p>\n"
      << "<h1>" << Html(b.title) << "</h1>\n"
      << "<p class=\"scope\">" << Html(b.scope) << "</p>\n"
      << "<h2>Overview</h2>\n<p>" << Html(b.overview) << "</p>\n";
  if (!b.graph.nodes.empty()) {
    out << "<figure>\n" << BriefingSvg(b) << "<ul class=\"legend\">";
    for (const BriefingGroup& grp : b.groups)
      out << "<li><span style=\"background:" << TypeFill(grp.type) << "\"></span>"
          << Html(grp.type) << "</li>";
    out << "</ul>\n<figcaption>The entities and their relations as laid out by Accord's force "
           "layout; arrows point from subject to object"
        << (b.focus.empty() ? "" : ", the focus is outlined") << ".</figcaption>\n</figure>\n";
  }
  out << "<h2>Key relations</h2>\n";
  if (b.statements.empty()) out << "<p>The documents state no relation between these entities.</p>\n";
  else out << "<ol class=\"statements\">\n";
  for (const BriefingStatement& st : b.statements) {
    out << "<li><div class=\"statement\">" << Html(st.sentence) << "</div>\n";
    if (!st.items.empty()) {
      out << "<ul class=\"items\">";
      for (const std::string& item : st.items) out << "<li>" << Html(item) << "</li>";
      out << "</ul>\n";
    }
    if (!st.quote.empty())
      out << "<blockquote>\u201c" << Html(st.quote) << "\u201d</blockquote>\n";
    out << "<p class=\"cite\">";
    bool first = true;
    for (const CitedSource& cs : CiteGroups(b, st.citations)) {
      out << (first ? "\u2014 " : "; ") << "<cite>" << Html(cs.title) << "</cite>"
          << (cs.where.empty() ? "" : ", " + Html(cs.where)) << " <a href=\"#source-"
          << cs.number << "\">[" << cs.number << "]</a>";
      first = false;
    }
    out << "</p></li>\n";
  }
  if (!b.statements.empty()) out << "</ol>\n";
  out << "<h2>Entities by type</h2>\n<div class=\"entities\">\n";
  for (const BriefingGroup& grp : b.groups) {
    out << "<div class=\"group\"><h3><span class=\"chip\" style=\"background:"
        << TypeFill(grp.type) << "\"></span>" << Html(grp.heading) << " (" << grp.nodes.size()
        << ")</h3><ul>";
    for (size_t i : grp.nodes) {
      const NodeInfo& n = b.graph.nodes[i];
      out << "<li>" << (focus[i] ? "<strong>" : "") << Html(n.label)
          << (focus[i] ? "</strong>" : "");
      if (!ShownAliases(n).empty())
        out << " <span class=\"alias\">(also " << Html(JoinAnd(ShownAliases(n), ", ", ", "))
            << ")</span>";
      out << "</li>";
    }
    out << "</ul></div>\n";
  }
  out << "</div>\n<h2>Sources</h2>\n<ol class=\"sources\">\n";
  for (size_t i = 0; i < b.sources.size(); ++i) {
    const BriefingSource& s = b.sources[i];
    out << "<li id=\"source-" << i + 1 << "\"><cite>" << Html(s.title) << "</cite>";
    if (!s.issuer.empty()) out << ". " << Html(s.issuer);
    if (!s.date.empty()) out << ", " << Html(s.date);
    out << ". <span class=\"file\">" << Html(s.file) << "</span></li>\n";
  }
  out << "</ol>\n<p class=\"note\">Prepared with Accord from the documents listed. Each relation "
         "is quoted from the sentence that states it; paragraphs are numbered in each "
         "document\u2019s body, headings left out and each list item counted as one.</p>\n"
         "</main>\n</body>\n</html>\n";
  out.flush();
  if (!out) return Fail(ErrorCode::kIo, "Could not write the briefing (stream error).");
  return {};
}

}  // namespace accord::graph
