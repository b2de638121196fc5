// Helpers for the explorer core tests (app, graph view, script): temporary folders, a small
// hand-made graph imported into a fresh database, and opening an App on it without a worker
// ingest, so results are exact and fast.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "accord/explorer/app.hpp"
#include "accord/graph/records.hpp"
#include "accord/graph/store.hpp"
#include "../graph/graph_test_util.hpp"

namespace accord::explorer::testing {

// Temporary folders: the graph tests' helper (removed with everything in it).
using TempDir = graph::testing::TempDir;

// The small graph (stated links unless noted):
//   A(1, organization) -10 founded- B(2, organization) -11 member_of- C(3, country)
//   C -12 adopted- D(4, principle) -13 proposed- E(5, person)
//   F(6, date) isolated; G(7, country) joined to A only by co-occurrence link 14.
// Documents: 100 mentions A, B, C; 101 mentions D, E, F, G.
inline graph::GraphData SmallGraph() {
  graph::GraphData g;
  g.documents.push_back({100, "/doc/one.md", "One", {}, "h1"});
  g.documents.push_back({101, "/doc/two.md", "Two", {}, "h2"});
  auto node = [&](int64_t id, std::string label, std::string type, int64_t doc) {
    graph::NodeInfo n;
    n.id = id;
    n.label = std::move(label);
    n.type = std::move(type);
    n.documents = {doc};
    n.mentions = {{doc, static_cast<uint32_t>(id * 10), static_cast<uint32_t>(id * 10 + 3)}};
    g.nodes.push_back(std::move(n));
  };
  node(1, "A", "organization", 100);
  node(2, "B", "organization", 100);
  node(3, "C", "country", 100);
  node(4, "D", "principle", 101);
  node(5, "E", "person", 101);
  node(6, "F", "date", 101);
  node(7, "G", "country", 101);
  auto link = [&](int64_t id, int64_t s, int64_t t, std::string type, graph::RelationKind kind) {
    graph::LinkInfo l;
    l.id = id;
    l.source = s;
    l.target = t;
    l.type = std::move(type);
    l.kind = kind;
    g.links.push_back(std::move(l));
  };
  link(10, 1, 2, "founded", graph::RelationKind::kStated);
  link(11, 2, 3, "member_of", graph::RelationKind::kStated);
  link(12, 3, 4, "adopted", graph::RelationKind::kStated);
  link(13, 4, 5, "proposed", graph::RelationKind::kStated);
  link(14, 1, 7, "cooccurs", graph::RelationKind::kCooccurrence);
  return g;
}

inline void WriteGraphDb(const std::filesystem::path& db, const graph::GraphData& g) {
  auto store = graph::Store::Open(db);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  auto st = store->ImportGraph(g);
  ASSERT_TRUE(st.has_value()) << st.error().message;
}

inline std::unique_ptr<App> OpenApp(const std::filesystem::path& db, bool start_layout = false) {
  AppOptions options;
  options.db = db;
  options.ingest_bundled_when_empty = false;
  options.start_layout = start_layout;
  auto app = App::Open(options);
  EXPECT_TRUE(app.has_value()) << (app ? "" : app.error().message);
  if (!app) return nullptr;
  (*app)->WaitIdle();
  return std::move(*app);
}

// Node index of a label in the app's snapshot (test graphs have unique labels).
inline uint32_t NodeNamed(const App& app, const std::string& label) {
  const auto& s = app.snapshot();
  for (uint32_t i = 0; i < s.NodeCount(); ++i)
    if (s.labels[i] == label) return i;
  ADD_FAILURE() << "no node " << label;
  return 0;
}

}  // namespace accord::explorer::testing
