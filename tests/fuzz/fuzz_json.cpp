// libFuzzer target: `accord import` on raw bytes. ReadGraphJson must either refuse with one
// line or give a graph that (1) writes and reads back to the same bytes and (2) imports into a
// fresh in-memory store, whose export reads back again. Deep nesting, huge numbers, dangling
// links and duplicate ids must be refusals, never crashes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "accord/graph/json_io.hpp"
#include "accord/graph/store.hpp"

namespace {

using namespace accord;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz_json: %s\n", what.c_str());
  std::abort();
}

std::string Write(const graph::GraphData& g) {
  std::ostringstream out;
  if (!graph::WriteGraphJson(g, out, false)) Die("WriteGraphJson failed on a string stream");
  return out.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto g = graph::ReadGraphJson(text, "fuzz.json");
  if (!g) {
    if (g.error().message.empty() || g.error().message.find('\n') != std::string::npos)
      Die("a refusal must be one non-empty line: [" + g.error().message + "]");
    return 0;
  }
  const std::string once = Write(*g);
  auto again = graph::ReadGraphJson(once, "rewritten.json");
  if (!again) Die("our own output does not read back: " + again.error().message);
  if (Write(*again) != once) Die("write -> read -> write changed the bytes");

  auto store = graph::Store::Open(":memory:");
  if (!store) Die("store: " + store.error().message);
  auto imported = store->ImportGraph(*g);
  if (!imported) {
    // A graph the reader accepted may still break a store rule; that must be a clean refusal.
    if (imported.error().code == graph::ErrorCode::kDatabase)
      Die("import hit a database error: " + imported.error().message);
    return 0;
  }
  auto loaded = store->LoadGraph();
  if (!loaded) Die("load after import: " + loaded.error().message);
  auto back = graph::ReadGraphJson(Write(*loaded), "export.json");
  if (!back) Die("the export of an import does not read back: " + back.error().message);
  return 0;
}
