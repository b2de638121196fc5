// `accord layout`: lays out a d3-style graph JSON file (nodes with "id", links with "source" and
// "target") with the engine in graph/layout.hpp and writes {"id":[x,y],…}; optionally a timing
// file in the layout benchmark's format (../shared/bench/layout/README.md).
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "accord/graph/json_io.hpp"
#include "accord/graph/layout.hpp"
#include "commands.hpp"

namespace accord::cli {
namespace fs = std::filesystem;

const CommandSpec kLayoutSpec{
    .name = "layout",
    .usage =
        "GRAPH.json -o POSITIONS.json [--iterations N|auto] [--seed S] [--threads T] "
        "[--community-length L] [--community-gap G]",
    .summary = "lay out a graph JSON file and write node positions",
    .description =
        "Reads a d3-style graph (a \"nodes\" array of objects with an \"id\", string or\n"
        "integer, and a \"links\" array with \"source\" and \"target\" naming node ids), as\n"
        "written by 'accord export', and writes {\"id\":[x,y],…} to POSITIONS.json.\n"
        "--iterations auto (the default) runs the engine's own schedule: a sparse stress\n"
        "layout (layout distance follows hop distance; components packed side by side),\n"
        "then a short cool run of the forces. N runs N plain ticks of the d3-force model\n"
        "from the phyllotaxis start instead. The result depends only on the graph and\n"
        "the seed, not on the thread count. --timing writes the layout time (not the\n"
        "file reading or writing) of each of --runs runs as the layout benchmark expects.\n"
        "The auto schedule looks for communities (Louvain); when the graph has clearly\n"
        "more community structure than a random graph, links between two communities\n"
        "are laid out --community-length hops long (default 12, rounded to a quarter\n"
        "hop; links inside one: 1 hop), so communities come apart as regions of their\n"
        "own; 1 turns this off. --community-gap G (hops, default 0.5; 0 = off) then lays\n"
        "the graph out again by true hop distances (stress majorization on fresh random\n"
        "pivots each sweep) while keeping nodes of two communities at least about G hops\n"
        "apart, and skips the force run: each community a region of its own at about\n"
        "the stress of the plain layout. Without the gap, longer lengths part\n"
        "communities more at some cost to how well layout distance follows hop distance\n"
        "(--community-length 1.25 --community-gap 0: the schedule before the gap).\n"
        "Graphs without clear communities ignore both, as do fixed --iterations N.",
    .options = {{"--output", "-o", "FILE", "write positions to FILE (required)"},
                {"--force", "", "", "replace the output files if they exist"},
                {"--iterations", "", "N|auto",
                 "N force ticks, or auto (default): stress start + short refine"},
                {"--seed", "", "S", "random seed (default 24301)"},
                {"--threads", "", "T", "threads (default: the hardware's, at most 64)"},
                {"--timing", "", "FILE", "write the timing of each run as JSON to FILE"},
                {"--runs", "", "R", "repeat the layout R times, timing each (default 1)"},
                {"--community-length", "", "L",
                 "hops per link between communities, 1 to 32 (default 12; 1: off)"},
                {"--community-gap", "", "G",
                 "hops kept between communities after the start, 0 to 4 (default 0.5; 0: off)"}},
    .min_positional = 1,
    .max_positional = 1,
    .examples =
        "  accord export -o graph.json && accord layout graph.json -o pos.json\n"
        "  accord layout g.json -o pos.json --iterations 300 --seed 7 --threads 2\n"
        "  accord layout g.json -o pos.json --community-length 4 --community-gap 0\n"};

namespace {

struct InputGraph {
  std::vector<std::string> ids;
  std::vector<uint32_t> source, target;
};

// Line and column (1-based) of byte `offset` in `text`.
std::string Where(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return std::to_string(line) + ":" + std::to_string(col);
}

// A node id as text: a string as is, an integer in decimal; nullopt for anything else.
std::optional<std::string> IdText(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  return std::nullopt;
}

graph::Result<InputGraph> ReadInput(const std::string& path) {
  using graph::ErrorCode;
  std::ifstream in(path, std::ios::binary);
  if (!in) return graph::Fail(ErrorCode::kIo, "Could not open " + path + " for reading.");
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return graph::Fail(ErrorCode::kIo, "Could not read " + path + ".");
  const std::string text = std::move(buffer).str();

  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return graph::Fail(ErrorCode::kParse, path + ":" + Where(text, doc.GetErrorOffset()) + ": " +
                                              rapidjson::GetParseError_En(doc.GetParseError()));
  }
  auto bad = [&](const std::string& what) {
    return graph::Fail(ErrorCode::kInvalid, path + ": " + what);
  };
  if (!doc.IsObject()) return bad("the top level must be an object with \"nodes\" and \"links\"");
  auto nodes = doc.FindMember("nodes");
  if (nodes == doc.MemberEnd() || !nodes->value.IsArray())
    return bad("\"nodes\" must be an array of objects with an \"id\"");
  InputGraph g;
  std::unordered_map<std::string, uint32_t> index;
  const auto& arr = nodes->value.GetArray();
  if (arr.Size() >= UINT32_MAX) return bad("too many nodes");
  g.ids.reserve(arr.Size());
  index.reserve(arr.Size());
  for (rapidjson::SizeType i = 0; i < arr.Size(); ++i) {
    const std::string where = "nodes[" + std::to_string(i) + "]";
    if (!arr[i].IsObject()) return bad(where + " must be an object with an \"id\"");
    auto id = arr[i].FindMember("id");
    std::optional<std::string> key;
    if (id != arr[i].MemberEnd()) key = IdText(id->value);
    if (!key) return bad(where + " needs an \"id\" that is a string or an integer");
    if (!index.emplace(*key, static_cast<uint32_t>(i)).second)
      return bad(where + " repeats the id " + Quoted(*key));
    g.ids.push_back(std::move(*key));
  }
  auto links = doc.FindMember("links");
  if (links == doc.MemberEnd()) links = doc.FindMember("edges");
  if (links != doc.MemberEnd()) {
    if (!links->value.IsArray()) return bad("\"links\" must be an array");
    const auto& la = links->value.GetArray();
    g.source.reserve(la.Size());
    g.target.reserve(la.Size());
    for (rapidjson::SizeType k = 0; k < la.Size(); ++k) {
      const std::string where = "links[" + std::to_string(k) + "]";
      if (!la[k].IsObject())
        return bad(where + " must be an object with \"source\" and \"target\"");
      uint32_t ends[2];
      const char* names[2] = {"source", "target"};
      for (int e = 0; e < 2; ++e) {
        auto m = la[k].FindMember(names[e]);
        if (m == la[k].MemberEnd()) return bad(where + " has no \"" + names[e] + "\"");
        const rapidjson::Value* v = &m->value;
        if (v->IsObject() && v->HasMember("id")) v = &(*v)["id"];  // d3 after a simulation
        auto key = IdText(*v);
        if (!key) return bad(where + " \"" + names[e] + "\" must be a node id");
        auto it = index.find(*key);
        if (it == index.end())
          return bad(where + " \"" + names[e] + "\" names no node: " + Quoted(*key));
        ends[e] = it->second;
      }
      g.source.push_back(ends[0]);
      g.target.push_back(ends[1]);
    }
  }
  return g;
}

// Shortest text that reads back as the same float: byte-stable output.
void AppendFloat(std::string& out, float v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendNumber(std::string& out, double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
  out.append(buf, r.ptr);
}

// Writes `text` to `path` through a temporary file beside it and a rename, so a reader never
// sees half a file and a failure leaves what was there.
graph::Status WriteAtomically(const std::string& path, const std::string& text) {
  using graph::ErrorCode;
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return graph::Fail(ErrorCode::kIo, "Could not write " + path + ".");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) {
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      return graph::Fail(ErrorCode::kIo, "Could not write " + path + " (disk full?).");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return graph::Fail(ErrorCode::kIo, "Could not replace " + path + ".");
  }
  return {};
}

double CpuMs() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

// A community link length: a decimal number in [1, kMaxCommunityLength]; a usage error
// otherwise.
constexpr double kMaxCommunityLength = 32.0;
std::optional<float> ParseCommunityLength(std::string_view text, int* exit_code) {
  double v = 0.0;
  const char* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, v, std::chars_format::fixed);
  if (text.empty() || r.ec != std::errc() || r.ptr != end || !(v >= 1.0) ||
      v > kMaxCommunityLength) {
    *exit_code = UsageError(kLayoutSpec, "--community-length wants a number of hops from 1 to " +
                                             std::to_string(static_cast<int>(kMaxCommunityLength)) +
                                             ", not " + Quoted(text));
    return std::nullopt;
  }
  return static_cast<float>(v);
}

// A community gap: a decimal number of hops in [0, kMaxCommunityGap]; a usage error otherwise.
constexpr double kMaxCommunityGap = 4.0;
std::optional<float> ParseCommunityGap(std::string_view text, int* exit_code) {
  double v = 0.0;
  const char* end = text.data() + text.size();
  auto r = std::from_chars(text.data(), end, v, std::chars_format::fixed);
  if (text.empty() || r.ec != std::errc() || r.ptr != end || !(v >= 0.0) || v > kMaxCommunityGap) {
    *exit_code = UsageError(kLayoutSpec, "--community-gap wants a number of hops from 0 to " +
                                             std::to_string(static_cast<int>(kMaxCommunityGap)) +
                                             ", not " + Quoted(text));
    return std::nullopt;
  }
  return static_cast<float>(v);
}

struct RunTiming {
  double total_ms = 0, cpu_ms = 0, ms_per_iter = 0, tick_median_ms = 0;
  int64_t ticks = 0;
  double stress_ms = 0;
};

}  // namespace

int RunLayout(const Args& args) {
  const std::string input = args.positional[0];
  if (!args.Has("--output")) return UsageError(kLayoutSpec, "-o POSITIONS.json is required");
  const std::string output = args.Get("--output");
  const std::string timing_path = args.Get("--timing");
  int exit_code = kExitUsage;

  int iterations = -1;  // auto
  const std::string iter_text = args.Get("--iterations", "auto");
  if (iter_text != "auto") {
    auto n = ParseCount(kLayoutSpec, "--iterations", iter_text, 0, 1000000, &exit_code);
    if (!n) return exit_code;
    iterations = static_cast<int>(*n);
  }
  graph::LayoutOptions options;
  if (args.Has("--seed")) {
    auto s = ParseCount(kLayoutSpec, "--seed", args.Get("--seed"), 0, INT64_MAX, &exit_code);
    if (!s) return exit_code;
    options.seed = static_cast<uint64_t>(*s);
  }
  options.threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u));
  if (args.Has("--threads")) {
    auto t = ParseCount(kLayoutSpec, "--threads", args.Get("--threads"), 1, 64, &exit_code);
    if (!t) return exit_code;
    options.threads = static_cast<int>(*t);
  }
  if (args.Has("--community-length")) {
    auto l = ParseCommunityLength(args.Get("--community-length"), &exit_code);
    if (!l) return exit_code;
    options.community_link_length = *l;
  }
  if (args.Has("--community-gap")) {
    auto g = ParseCommunityGap(args.Get("--community-gap"), &exit_code);
    if (!g) return exit_code;
    options.community_gap = *g;
  }
  int runs = 1;
  if (args.Has("--runs")) {
    auto r = ParseCount(kLayoutSpec, "--runs", args.Get("--runs"), 1, 1000, &exit_code);
    if (!r) return exit_code;
    runs = static_cast<int>(*r);
  }
  if (!timing_path.empty() && timing_path == output)
    return UsageError(kLayoutSpec, "--timing and -o name the same file");
  std::error_code ec;
  for (const std::string& p : {output, timing_path}) {
    if (!p.empty() && fs::exists(p, ec) && !args.Has("--force"))
      return Fail(p + " already exists; add --force to replace it");
  }

  auto graph = ReadInput(input);
  if (!graph) return Fail(graph.error());
  const uint32_t n = static_cast<uint32_t>(graph->ids.size());

  std::vector<RunTiming> timings;
  std::vector<float> x, y;
  for (int r = 0; r < runs; ++r) {
    RunTiming t;
    const double cpu0 = CpuMs();
    const int64_t t0 = NowNs();
    graph::Simulation sim(n, graph->source, graph->target, options);
    if (iterations < 0) {
      graph::AutoLayoutStats stats;
      sim.RunAuto({}, &stats);
      t.ticks = stats.ticks;
      t.stress_ms = stats.stress_ms;
      t.tick_median_ms = stats.tick_median_ms;
    } else {
      std::vector<double> ticks(static_cast<size_t>(iterations));
      for (int i = 0; i < iterations; ++i) {
        const int64_t a = NowNs();
        sim.Tick(1);
        ticks[i] = (NowNs() - a) / 1e6;
      }
      t.ticks = iterations;
      if (!ticks.empty()) {
        std::nth_element(ticks.begin(), ticks.begin() + ticks.size() / 2, ticks.end());
        t.tick_median_ms = ticks[ticks.size() / 2];
      }
    }
    t.total_ms = (NowNs() - t0) / 1e6;
    t.cpu_ms = CpuMs() - cpu0;
    t.ms_per_iter = iterations > 0 ? t.total_ms / iterations : 0.0;
    timings.push_back(t);
    if (r + 1 == runs) {
      x = sim.x();
      y = sim.y();
    }
  }

  std::string out;
  out.reserve(size_t{n} * 32 + 2);
  out += '{';
  for (uint32_t i = 0; i < n; ++i) {
    if (i) out += ',';
    out += '\n';
    graph::AppendJsonString(out, graph->ids[i]);
    out += ":[";
    AppendFloat(out, x[i]);
    out += ',';
    AppendFloat(out, y[i]);
    out += ']';
  }
  out += "\n}\n";
  if (auto st = WriteAtomically(output, out); !st) return Fail(st.error());

  if (!timing_path.empty()) {
    std::string j = "{\"peer\":\"accord\",\"version\":\"accord " ACCORD_VERSION "\",\"settings\":{";
    j += "\"schedule\":";
    j += iterations >= 0 ? "\"fixed ticks\""
         : options.community_gap > 0.0f
             ? "\"auto: sparse stress start (200 pivots, 3-30 sweeps by size); with communities "
               "a gap refine (34 sweeps, 128 fresh pivots each) and no force ticks, else 40 force "
               "ticks from alpha 0.02, theta 1.2\""
             : "\"auto: sparse stress start (200 pivots, 3-30 sweeps by size) + 40 force ticks "
               "from alpha 0.02, theta 1.2\"";
    j += ",\"threads\":" + std::to_string(options.threads);
    if (iterations < 0) {
      j += ",\"community_length\":";
      AppendNumber(j, options.community_link_length);
      j += ",\"community_gap\":";
      AppendNumber(j, options.community_gap);
    }
    j += ",\"seed\":" + std::to_string(options.seed);
    if (iterations >= 0) {
      j += ",\"theta\":";
      AppendNumber(j, options.theta);
    }
    j += "},\"iters\":";
    j += iterations < 0 ? "null" : std::to_string(iterations);
    j += ",\"runs\":[";
    for (size_t r = 0; r < timings.size(); ++r) {
      const RunTiming& t = timings[r];
      if (r) j += ',';
      j += "\n {\"total_ms\":";
      AppendNumber(j, t.total_ms);
      j += ",\"cpu_ms\":";
      AppendNumber(j, t.cpu_ms);
      j += ",\"ms_per_iter\":";
      if (iterations > 0)
        AppendNumber(j, t.ms_per_iter);
      else
        j += "null";
      j += ",\"tick_median_ms\":";
      AppendNumber(j, t.tick_median_ms);
      j += ",\"ticks\":" + std::to_string(t.ticks);
      j += ",\"stress_start_ms\":";
      AppendNumber(j, t.stress_ms);
      j += "}";
    }
    j += "],\n\"timing_scope\":\"wall and process CPU time of building the simulation and running "
         "the layout (the stress start included); excludes JSON reading and writing; "
         "tick_median_ms is the median force tick\"}\n";
    if (auto st = WriteAtomically(timing_path, j); !st) return Fail(st.error());
  }
  return kExitOk;
}

}  // namespace accord::cli
