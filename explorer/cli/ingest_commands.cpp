// The commands that change or move the graph: ingest, remove, export and import.

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>

#include "accord/corpus/ingest.hpp"
#include "accord/corpus/rules.hpp"
#include "accord/graph/export_formats.hpp"
#include "accord/graph/json_io.hpp"
#include "commands.hpp"

namespace accord::cli {
namespace fs = std::filesystem;

const CommandSpec kIngestSpec{
    .name = "ingest",
    .usage = "[--rules FILE] PATH…",
    .summary = "read .txt/.md/.pdf/.html/.docx files and folders into the graph",
    .description =
        "Reads UTF-8 .txt and .md files, PDF (with a text layer), HTML and DOCX, and folders\n"
        "(recursively), extracts the entities and relations they state and stores them, one\n"
        "transaction per document; a PDF's page numbers stay with every citation. Unchanged\n"
        "files are skipped; a changed file replaces only what it contributed. Files that cannot\n"
        "be read (scanned PDF, binary, other encodings, no permission) are skipped with a reason; the\n"
        "rest go in. A progress bar is drawn on stderr when it is a terminal; Ctrl-C stops\n"
        "after the current document, keeping what is already in.\n"
        "Exit status 1 only when nothing could be ingested or the database failed.",
    .options = {{"--rules", "", "FILE",
                 "extraction rules JSON layered over the defaults (or replacing them when it "
                 "says \"replace\": true)"}},
    .min_positional = 1,
    .examples =
        "  accord ingest corpus/documents\n"
        "  accord ingest --db /tmp/g.db notes.md reports/\n"};

const CommandSpec kRemoveSpec{
    .name = "remove",
    .usage = "PATH…",
    .summary = "remove documents (or every document under a folder)",
    .description =
        "Removes documents from the graph, with the entities, aliases and relations that only\n"
        "they supported. A folder removes every stored document under it. The files on disk\n"
        "are not touched.",
    .min_positional = 1,
    .examples = "  accord remove corpus/documents/eu-ai-act.md\n"};

const CommandSpec kExportSpec{
    .name = "export",
    .usage = "[--format F] [-o FILE] [--entity NAME --depth K] [--type T]… [--document D]",
    .summary = "write the graph (or a subgraph) as JSON, GraphML, GEXF or CSV",
    .description =
        "Writes the whole graph, or a subgraph, to stdout or to FILE with -o. Formats:\n"
        "  d3         accord-graph JSON (the default; nodes and links, loads as is in d3-force;\n"
        "             'accord import' reads it back)\n"
        "  cytoscape  Cytoscape.js elements JSON (cy.add / cytoscape({elements}))\n"
        "  jgf        JSON Graph Format v2\n"
        "  graphml    GraphML with a <key> per attribute (Gephi, yEd, networkx, igraph)\n"
        "  gexf       GEXF 1.3 (Gephi, networkx)\n"
        "  csv        two RFC 4180 files, FILE.nodes.csv and FILE.edges.csv (needs -o FILE)\n"
        "All carry entity types, aliases, documents and the evidence sentences; the edge\n"
        "attribute 'kind' tells stated relations from co-occurrence links.\n"
        "--entity keeps the entities within --depth hops of NAME (stated relations);\n"
        "--type keeps entities of that type; --document keeps entities mentioned in one\n"
        "document (its path, title or id). Filters combine. A file is written to a temporary\n"
        "beside it and renamed into place, so an interrupted export never leaves half a file;\n"
        "an existing file is replaced only with --force.",
    .options = {{"--format", "-f", "F", "d3 (default), cytoscape, jgf, graphml, gexf or csv"},
                {"--output", "-o", "FILE", "write to FILE instead of stdout (csv: the prefix)"},
                {"--force", "", "", "replace FILE if it exists"},
                {"--entity", "", "NAME", "centre the subgraph on this entity", true},
                {"--depth", "", "K", "hops around --entity (default 1)"},
                {"--type", "", "T", "keep only entities of type T", true},
                {"--document", "", "D", "keep only entities mentioned in document D"},
                {"--stated-only", "", "", "leave out co-occurrence links"},
                {"--compact", "", "", "no indentation (JSON formats)"}},
    .max_positional = 0,
    .examples =
        "  accord export -o graph.json\n"
        "  accord export --entity \"Bletchley Declaration\" --depth 2 --compact\n"
        "  accord export --format graphml -o graph.graphml\n"
        "  accord export --format csv -o graph      # graph.nodes.csv, graph.edges.csv\n"
        "  accord export --type principle --type organization -o p.json --force\n"};

const CommandSpec kImportSpec{
    .name = "import",
    .usage = "FILE",
    .summary = "add an accord-graph JSON file to the graph",
    .description =
        "Reads an accord-graph JSON file (as written by 'accord export') and adds it to the\n"
        "database in one transaction. Into an empty database the ids are kept, so export ->\n"
        "import -> export gives the same bytes.",
    .min_positional = 1,
    .max_positional = 1,
    .examples = "  accord import --db copy.db graph.json\n"};

namespace {

graph::Result<std::shared_ptr<const corpus::Rules>> RulesFor(const Args& args) {
  if (args.Has("--rules")) return corpus::LoadRules(args.Get("--rules"));
  return corpus::LoadDefaultRules();
}

std::string Plural(int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

int RunIngest(const Args& args) {
  auto rules = RulesFor(args);
  if (!rules) return Fail(rules.error());
  auto store = OpenForWriting(args);
  if (!store) return Fail(store.error());

  std::vector<fs::path> inputs;
  for (const std::string& p : args.positional) inputs.emplace_back(p);

  InterruptGuard interrupt;
  ProgressBar bar("ingest");
  const int64_t t0 = NowNs();
  auto report = corpus::IngestPaths(*store, inputs, **rules, bar.Fn());
  bar.Finish();
  const double secs = static_cast<double>(NowNs() - t0) / 1e9;
  if (!report) {
    if (report.error().code == graph::ErrorCode::kCancelled) {
      return Fail(report.error().message + "; the documents already ingested stay");
    }
    return Fail(report.error());
  }
  const corpus::IngestReport& r = *report;
  const int64_t read = r.added + r.replaced + r.unchanged;

  std::string out;
  out += "Ingested " + Plural(read, "document", "documents") + " (" +
         Megabytes(static_cast<double>(r.bytes)) + ") in " + Seconds(secs) + " into " +
         store->path().string() + "\n";
  out += "  added      " + std::to_string(r.added) + "\n";
  out += "  replaced   " + std::to_string(r.replaced) + "\n";
  out += "  unchanged  " + std::to_string(r.unchanged) + "\n";
  if (!r.skipped.empty()) {
    out += "Skipped " + Plural(static_cast<int64_t>(r.skipped.size()), "file", "files") + ":\n";
    for (const corpus::SkippedFile& s : r.skipped) out += "  - " + Clean(s.reason) + "\n";
  }
  auto stats = store->GetStats();
  if (!stats) {
    std::fputs(out.c_str(), stdout);
    return Fail(stats.error());
  }
  out += "Graph now: " + Plural(stats->documents, "document", "documents") + ", " +
         Plural(stats->entities, "entity", "entities") + ", " +
         Plural(stats->relations, "relation", "relations");
  if (stats->cooccurrences > 0) {
    out +=
        " (and " + Plural(stats->cooccurrences, "co-occurrence link", "co-occurrence links") + ")";
  }
  out += "\n";
  std::fputs(out.c_str(), stdout);
  if (read == 0) {
    // The one line on stderr says why, naming the file (and line): the first reason.
    if (r.skipped.empty())
      return Fail("nothing to ingest: no .txt, .md, .pdf, .html or .docx documents in the given paths");
    if (r.skipped.size() == 1) return Fail("nothing was ingested: " + r.skipped[0].reason);
    return Fail("nothing was ingested: all " + std::to_string(r.skipped.size()) +
                " files were skipped (first: " + r.skipped[0].reason + ")");
  }
  return kExitOk;
}

int RunRemove(const Args& args) {
  {
    auto check = OpenForReading(args);  // a clear sentence when there is no database yet
    if (!check) return Fail(check.error());
  }
  auto store = OpenForWriting(args);
  if (!store) return Fail(store.error());
  auto docs = store->ListDocuments();
  if (!docs) return Fail(docs.error());

  int64_t removed = 0;
  std::vector<std::string> missing;
  for (const std::string& arg : args.positional) {
    std::error_code ec;
    fs::path abs = fs::absolute(arg, ec);
    const std::string key = (ec ? fs::path(arg) : abs).lexically_normal().string();
    std::string prefix = key;
    if (!prefix.ends_with('/')) prefix += '/';
    std::vector<std::string> targets;
    for (const graph::DocumentInfo& d : *docs) {
      if (d.path == key || d.path.starts_with(prefix)) targets.push_back(d.path);
    }
    if (targets.empty()) {
      missing.push_back(arg);
      continue;
    }
    for (const std::string& t : targets) {
      auto ok = store->RemoveDocument(t);
      if (!ok) return Fail(ok.error());
      if (*ok) {
        ++removed;
        std::printf("removed %s\n", Clean(t).c_str());
      }
    }
  }
  auto stats = store->GetStats();
  if (stats) {
    std::printf("Removed %s. Graph now: %s, %s, %s\n",
                Plural(removed, "document", "documents").c_str(),
                Plural(stats->documents, "document", "documents").c_str(),
                Plural(stats->entities, "entity", "entities").c_str(),
                Plural(stats->relations, "relation", "relations").c_str());
  }
  if (!missing.empty()) {
    return Fail(missing.size() == 1
                    ? Quoted(missing[0]) + " is not a document in " + store->path().string()
                    : std::to_string(missing.size()) + " of the paths are not documents in " +
                          store->path().string() + " (first: " + Quoted(missing[0]) + ")");
  }
  return kExitOk;
}

namespace {

// A document named by id, path, file name or title.
graph::Result<int64_t> ResolveDocument(graph::Store& store, const std::string& name) {
  auto docs = store.ListDocuments();
  if (!docs) return std::unexpected(docs.error());
  if (!name.empty() &&
      std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      name.size() < 18) {
    const int64_t id = std::stoll(name);
    for (const auto& d : *docs) {
      if (d.id == id) return id;
    }
  }
  std::error_code ec;
  fs::path abs = fs::absolute(name, ec);
  const std::string key = (ec ? fs::path(name) : abs).lexically_normal().string();
  for (const auto& d : *docs) {
    if (d.path == key) return d.id;
  }
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string want = lower(name);
  std::vector<int64_t> hits;
  for (const auto& d : *docs) {
    if (lower(d.title) == want || lower(fs::path(d.path).filename().string()) == want) {
      hits.push_back(d.id);
    }
  }
  if (hits.size() == 1) return hits[0];
  if (hits.size() > 1) {
    return graph::Fail(graph::ErrorCode::kInvalid, Quoted(name) + " matches " +
                                                       std::to_string(hits.size()) +
                                                       " documents; name it by path or id");
  }
  return graph::Fail(graph::ErrorCode::kNotFound,
                     "no document matches " + Quoted(name) + " (give its path, title or id)");
}

}  // namespace

int RunExport(const Args& args) {
  int exit_code = kExitOk;
  int64_t depth = 1;
  const auto format = graph::ParseExportFormat(args.Get("--format", "d3"));
  if (!format) {
    return UsageError(kExportSpec, "unknown format " + Quoted(args.Get("--format")) +
                                       " (use one of: " + graph::ExportFormatList() + ")");
  }
  if (args.Has("--depth")) {
    auto d = ParseCount(kExportSpec, "--depth", args.Get("--depth"), 0, 1000, &exit_code);
    if (!d) return exit_code;
    depth = *d;
    if (!args.Has("--entity")) return UsageError(kExportSpec, "--depth needs --entity");
  }
  if (args.Has("--force") && !args.Has("--output")) {
    return UsageError(kExportSpec, "--force only applies with -o FILE");
  }
  if (*format == graph::ExportFormat::kCsv && !args.Has("--output")) {
    return UsageError(kExportSpec,
                      "--format csv writes two files: give -o PREFIX (PREFIX.nodes.csv and "
                      "PREFIX.edges.csv)");
  }
  const std::string output = args.Get("--output");
  const bool force = args.Has("--force");
  std::vector<std::string> targets;
  if (args.Has("--output")) {
    if (*format == graph::ExportFormat::kCsv) {
      auto [nodes, edges] = graph::CsvExportPaths(output);
      targets = {nodes, edges};
    } else {
      targets = {output};
    }
  }
  // Refuse before reading the graph: the answer does not depend on it.
  std::error_code ec;
  for (const std::string& t : targets) {
    if (!force && fs::exists(t, ec)) return Fail(t + " already exists; add --force to replace it");
  }

  auto store = OpenForReading(args);
  if (!store) return Fail(store.error());

  graph::GraphFilter filter;
  filter.include_cooccurrence = !args.Has("--stated-only");
  filter.types = args.All("--type");
  if (args.Has("--document")) {
    auto doc = ResolveDocument(*store, args.Get("--document"));
    if (!doc) return Fail(doc.error());
    filter.document = *doc;
  }
  if (args.Has("--entity")) {
    std::vector<int64_t> seeds;
    for (const std::string& name : args.All("--entity")) {
      auto id = store->ResolveEntity(name);
      if (!id) return Fail(id.error());
      seeds.push_back(*id);
    }
    auto ids = store->Neighborhood(seeds, static_cast<int>(depth), false);
    if (!ids) return Fail(ids.error());
    filter.nodes = std::move(*ids);
  }
  auto graph_data = store->LoadGraph(filter);
  if (!graph_data) return Fail(graph_data.error());

  const bool pretty = !args.Has("--compact");
  if (!targets.empty()) {
    constexpr std::string_view kHint = "add --force to replace it";
    graph::Status ok;
    if (*format == graph::ExportFormat::kCsv) {
      ok = graph::WriteFileAtomically(
          targets[0], force,
          [&](std::ostream& out) { return graph::WriteCsvNodes(*graph_data, out); }, kHint);
      if (ok) {
        ok = graph::WriteFileAtomically(
            targets[1], force,
            [&](std::ostream& out) { return graph::WriteCsvEdges(*graph_data, out); }, kHint);
      }
    } else {
      ok = graph::WriteFileAtomically(
          targets[0], force,
          [&](std::ostream& out) { return graph::WriteGraphAs(*graph_data, *format, out, pretty); },
          kHint);
    }
    if (!ok) return Fail(ok.error());
    std::string where = Clean(targets[0]);
    if (targets.size() == 2) where += " and " + Clean(targets[1]);
    std::printf("Wrote %zu entities, %zu links and %zu documents (%s) to %s\n",
                graph_data->nodes.size(), graph_data->links.size(), graph_data->documents.size(),
                graph::ExportFormatName(*format), where.c_str());
    return kExitOk;
  }
  std::fflush(stdout);
  std::ios::sync_with_stdio(false);
  auto ok = graph::WriteGraphAs(*graph_data, *format, std::cout, pretty);
  std::cout.flush();
  if (!ok) return Fail(ok.error());
  if (!std::cout) return Fail("could not write the export to stdout");
  return kExitOk;
}

int RunImport(const Args& args) {
  const std::string file = args.positional[0];
  auto data = graph::ReadGraphJsonFile(file);
  if (!data) return Fail(data.error());
  auto store = OpenForWriting(args);
  if (!store) return Fail(store.error());
  auto ok = store->ImportGraph(*data);
  if (!ok) return Fail(ok.error());
  std::printf("Imported %zu documents, %zu entities and %zu links from %s into %s\n",
              data->documents.size(), data->nodes.size(), data->links.size(), Clean(file).c_str(),
              Clean(store->path().string()).c_str());
  return kExitOk;
}

}  // namespace accord::cli
