// `accord brief`: a briefing on an entity and its neighbourhood, as Markdown or as one
// standalone HTML file with a picture (graph/briefing.hpp does the writing).
#include <cstdio>
#include <iostream>

#include "accord/graph/briefing.hpp"
#include "accord/graph/export_formats.hpp"
#include "commands.hpp"

namespace accord::cli {

const CommandSpec kBriefSpec{
    .name = "brief",
    .usage = "--entity NAME [--depth K] [-o FILE] [--format md|html]",
    .summary = "write a briefing (Markdown or HTML) on an entity and its neighbourhood",
    .description =
        "Writes a briefing on the entities within --depth hops of NAME: a title, an overview,\n"
        "the key relations as plain sentences, each with its citation (document title and\n"
        "paragraph) and the quoted sentence that states it, the entities by type, and a\n"
        "numbered source list. The HTML version is one standalone file (no external\n"
        "resources) with a picture of the subgraph as laid out. The format follows the file\n"
        "name (.html or .htm: HTML, otherwise Markdown) unless --format says. The file is\n"
        "written to a temporary beside it and renamed into place; an existing file is\n"
        "replaced only with --force.",
    .options = {{"--entity", "", "NAME", "the entity the briefing is about", true},
                {"--depth", "", "K", "hops around NAME (default 1)"},
                {"--output", "-o", "FILE", "write to FILE instead of stdout"},
                {"--format", "-f", "F", "md or html (default: from FILE's extension, else md)"},
                {"--title", "", "TEXT", "the title (default: the entity's name)"},
                {"--max", "", "N", "at most N key-relation statements (default 40)"},
                {"--force", "", "", "replace FILE if it exists"}},
    .max_positional = 0,
    .examples =
        "  accord brief --entity \"Global AI Governance Action Plan\" -o plan.html\n"
        "  accord brief --entity \"Bletchley Declaration\" --depth 2 -o bletchley.md\n"};

int RunBrief(const Args& args) {
  int exit_code = kExitOk;
  if (!args.Has("--entity")) return UsageError(kBriefSpec, "--entity NAME is required");
  int64_t depth = 1, max_statements = 40;
  if (args.Has("--depth")) {
    auto d = ParseCount(kBriefSpec, "--depth", args.Get("--depth"), 0, 10, &exit_code);
    if (!d) return exit_code;
    depth = *d;
  }
  if (args.Has("--max")) {
    auto m = ParseCount(kBriefSpec, "--max", args.Get("--max"), 1, 100000, &exit_code);
    if (!m) return exit_code;
    max_statements = *m;
  }
  if (args.Has("--force") && !args.Has("--output")) {
    return UsageError(kBriefSpec, "--force only applies with -o FILE");
  }
  const std::string output = args.Get("--output");
  bool html = output.ends_with(".html") || output.ends_with(".htm");
  if (args.Has("--format")) {
    const std::string f = args.Get("--format");
    if (f == "html") html = true;
    else if (f == "md" || f == "markdown") html = false;
    else return UsageError(kBriefSpec, "unknown format " + Quoted(f) + " (use md or html)");
  }
  const bool force = args.Has("--force");
  std::error_code ec;
  if (args.Has("--output") && !force && std::filesystem::exists(output, ec)) {
    return Fail(output + " already exists; add --force to replace it");
  }

  auto store = OpenForReading(args);
  if (!store) return Fail(store.error());
  std::vector<int64_t> seeds;
  for (const std::string& name : args.All("--entity")) {
    auto id = store->ResolveEntity(name);
    if (!id) return Fail(id.error());
    if (std::find(seeds.begin(), seeds.end(), *id) == seeds.end()) seeds.push_back(*id);
  }
  auto ids = store->Neighborhood(seeds, static_cast<int>(depth), false);
  if (!ids) return Fail(ids.error());
  graph::GraphFilter filter;
  filter.nodes = std::move(*ids);
  auto data = store->LoadGraph(filter);
  if (!data) return Fail(data.error());

  graph::BriefingOptions options;
  options.title = args.Get("--title");
  options.depth = static_cast<int>(depth);
  options.max_statements = static_cast<size_t>(max_statements);
  graph::Store& db = *store;
  options.document_text = [&db](int64_t document) {
    auto text = db.DocumentText(document);
    return text ? std::move(*text) : std::string();
  };
  const graph::Briefing briefing = graph::BuildBriefing(*data, seeds, options);
  auto write = [&](std::ostream& out) {
    return html ? graph::WriteBriefingHtml(briefing, out)
                : graph::WriteBriefingMarkdown(briefing, out);
  };
  if (args.Has("--output")) {
    auto ok = graph::WriteFileAtomically(output, force, write, "add --force to replace it");
    if (!ok) return Fail(ok.error());
    std::printf("Wrote a briefing on %s (%zu entities, %zu statements, %zu sources) to %s\n",
                Quoted(briefing.title).c_str(), briefing.graph.nodes.size(),
                briefing.statements.size(), briefing.sources.size(), Clean(output).c_str());
    return kExitOk;
  }
  std::fflush(stdout);
  auto ok = write(std::cout);
  if (!ok) return Fail(ok.error());
  return kExitOk;
}

}  // namespace accord::cli
