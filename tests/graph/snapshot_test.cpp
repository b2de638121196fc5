// Snapshot over the awkward-graph family: exact ids, degrees, link index pairs and CSR rows
// for empty, one node, self-loop, parallel edges, disconnected, star, long path, ids with gaps.
#include "accord/graph/snapshot.hpp"

#include <gtest/gtest.h>

#include <string>

namespace accord::graph {
namespace {

struct L {
  int64_t id, s, t;
  std::string type = "rel";
  bool cooc = false;
};

GraphData Make(std::vector<int64_t> nodes, std::vector<L> links,
               std::vector<std::string> types = {}) {
  GraphData g;
  for (size_t i = 0; i < nodes.size(); ++i) {
    NodeInfo n;
    n.id = nodes[i];
    n.label = "n" + std::to_string(nodes[i]);
    n.type = i < types.size() ? types[i] : "thing";
    g.nodes.push_back(n);
  }
  for (const L& l : links) {
    LinkInfo li;
    li.id = l.id;
    li.source = l.s;
    li.target = l.t;
    li.type = l.type;
    li.kind = l.cooc ? RelationKind::kCooccurrence : RelationKind::kStated;
    g.links.push_back(li);
  }
  return g;
}

using U = std::vector<uint32_t>;

void ExpectCsr(const Snapshot& s, U offsets, U nodes, U links) {
  EXPECT_EQ(s.adj_offsets, offsets);
  EXPECT_EQ(s.adj_nodes, nodes);
  EXPECT_EQ(s.adj_links, links);
}

TEST(Snapshot, EmptyGraph) {
  auto s = BuildSnapshot(GraphData{});
  EXPECT_EQ(s->NodeCount(), 0u);
  EXPECT_EQ(s->LinkCount(), 0u);
  ExpectCsr(*s, {0}, {}, {});
  EXPECT_FALSE(s->IndexOf(1).has_value());
  EXPECT_TRUE(s->type_names.empty());
}

TEST(Snapshot, OneNode) {
  GraphData g = Make({7}, {});
  g.nodes[0].documents = {3, 4};
  auto s = BuildSnapshot(g);
  EXPECT_EQ(s->ids, std::vector<int64_t>{7});
  EXPECT_EQ(s->labels, std::vector<std::string>{"n7"});
  EXPECT_EQ(s->document_count, U{2});
  EXPECT_EQ(s->degree, U{0});
  ExpectCsr(*s, {0, 0}, {}, {});
  EXPECT_EQ(s->IndexOf(7), 0u);
  EXPECT_FALSE(s->IndexOf(8).has_value());
}

TEST(Snapshot, SelfLoopAppearsOnceInItsRow) {
  auto s = BuildSnapshot(Make({1, 2}, {{10, 1, 1}, {11, 1, 2}}));
  EXPECT_EQ(s->link_source, (U{0, 0}));
  EXPECT_EQ(s->link_target, (U{0, 1}));
  EXPECT_EQ(s->degree, (U{2, 1}));
  ExpectCsr(*s, {0, 2, 3}, {0, 1, 0}, {0, 1, 1});
}

TEST(Snapshot, ParallelEdgesEachCount) {
  auto s = BuildSnapshot(Make({1, 2}, {{5, 1, 2}, {6, 2, 1}, {7, 1, 2, "other", true}}));
  EXPECT_EQ(s->link_ids, (std::vector<int64_t>{5, 6, 7}));
  EXPECT_EQ(s->link_source, (U{0, 1, 0}));
  EXPECT_EQ(s->link_target, (U{1, 0, 1}));
  EXPECT_EQ(s->degree, (U{3, 3}));
  ExpectCsr(*s, {0, 3, 6}, {1, 1, 1, 0, 0, 0}, {0, 1, 2, 0, 1, 2});
  EXPECT_EQ(s->link_type_names, (std::vector<std::string>{"other", "rel"}));
  EXPECT_EQ(s->link_types, (std::vector<uint16_t>{1, 1, 0}));
  EXPECT_EQ(s->link_kinds[2], RelationKind::kCooccurrence);
}

TEST(Snapshot, Disconnected) {
  auto s = BuildSnapshot(Make({1, 2, 3, 4, 5}, {{1, 1, 2}, {2, 4, 5}}));
  EXPECT_EQ(s->degree, (U{1, 1, 0, 1, 1}));
  ExpectCsr(*s, {0, 1, 2, 2, 3, 4}, {1, 0, 4, 3}, {0, 0, 1, 1});
}

TEST(Snapshot, Star) {
  auto s = BuildSnapshot(Make({1, 2, 3, 4}, {{1, 1, 2}, {2, 3, 1}, {3, 1, 4}}));
  EXPECT_EQ(s->degree, (U{3, 1, 1, 1}));
  ExpectCsr(*s, {0, 3, 4, 5, 6}, {1, 2, 3, 0, 0, 0}, {0, 1, 2, 0, 1, 2});
  EXPECT_EQ(s->Neighbors(0).size(), 3u);
  EXPECT_EQ(s->IncidentLinks(2)[0], 1u);
}

TEST(Snapshot, LongPath) {
  std::vector<int64_t> nodes;
  std::vector<L> links;
  for (int64_t i = 0; i < 1000; ++i) nodes.push_back(i + 1);
  for (int64_t i = 0; i + 1 < 1000; ++i) links.push_back({i + 1, i + 1, i + 2});
  auto s = BuildSnapshot(Make(nodes, links));
  ASSERT_EQ(s->NodeCount(), 1000u);
  ASSERT_EQ(s->adj_offsets.size(), 1001u);
  EXPECT_EQ(s->adj_offsets.back(), 2 * 999u);
  EXPECT_EQ(s->degree.front(), 1u);
  EXPECT_EQ(s->degree.back(), 1u);
  for (uint32_t i = 1; i + 1 < 1000; ++i) {
    ASSERT_EQ(s->degree[i], 2u);
    auto nb = s->Neighbors(i);
    EXPECT_EQ(nb[0], i - 1);
    EXPECT_EQ(nb[1], i + 1);
    EXPECT_EQ(s->IncidentLinks(i)[0], i - 1);
    EXPECT_EQ(s->IncidentLinks(i)[1], i);
  }
  for (int64_t id = 1; id <= 1000; ++id) EXPECT_EQ(s->IndexOf(id), static_cast<uint32_t>(id - 1));
}

TEST(Snapshot, IdsWithGaps) {
  auto s = BuildSnapshot(Make({3, 100, 7000000000LL}, {{42, 7000000000LL, 3}, {43, 100, 3}},
                              {"person", "organization", "person"}));
  EXPECT_EQ(s->IndexOf(3), 0u);
  EXPECT_EQ(s->IndexOf(100), 1u);
  EXPECT_EQ(s->IndexOf(7000000000LL), 2u);
  for (int64_t missing : {0LL, 1LL, 4LL, 99LL, 101LL, -3LL, 7000000001LL})
    EXPECT_FALSE(s->IndexOf(missing).has_value()) << missing;
  EXPECT_EQ(s->link_source, (U{2, 1}));
  EXPECT_EQ(s->link_target, (U{0, 0}));
  ExpectCsr(*s, {0, 2, 3, 4}, {2, 1, 0, 0}, {0, 1, 1, 0});
  EXPECT_EQ(s->type_names, (std::vector<std::string>{"organization", "person"}));
  EXPECT_EQ(s->types, (std::vector<uint16_t>{1, 0, 1}));
}

TEST(Snapshot, LinksToMissingNodesAreDropped) {
  auto s = BuildSnapshot(Make({1, 2}, {{1, 1, 2}, {2, 1, 9}}));
  EXPECT_EQ(s->LinkCount(), 1u);
  EXPECT_EQ(s->link_ids, std::vector<int64_t>{1});
}

TEST(Snapshot, DeterministicAndLargeIdTable) {
  std::vector<int64_t> nodes;
  std::vector<L> links;
  for (int64_t i = 0; i < 5000; ++i) nodes.push_back(i * 7919 + 13);
  for (int64_t i = 0; i < 5000; ++i) links.push_back({i, nodes[i], nodes[(i * 31) % 5000]});
  GraphData g = Make(nodes, links);
  auto a = BuildSnapshot(g), b = BuildSnapshot(g);
  EXPECT_EQ(a->adj_offsets, b->adj_offsets);
  EXPECT_EQ(a->adj_nodes, b->adj_nodes);
  EXPECT_EQ(a->adj_links, b->adj_links);
  EXPECT_EQ(a->id_table, b->id_table);
  for (uint32_t i = 0; i < 5000; ++i) EXPECT_EQ(a->IndexOf(nodes[i]), i);
}

}  // namespace
}  // namespace accord::graph
