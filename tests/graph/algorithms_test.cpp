// Algorithms over the awkward-graph family: empty, one node, self-loop, parallel edges,
// disconnected, star, long path of 1000, ids with gaps, plus co-occurrence filtering and the
// induced subgraph.
#include "accord/graph/algorithms.hpp"

#include <gtest/gtest.h>

namespace accord::graph {
namespace {

// Nodes with the given ids; links as (id, source, target[, cooccurrence]).
struct L {
  int64_t id, s, t;
  bool cooc = false;
};

GraphData Make(std::vector<int64_t> nodes, std::vector<L> links) {
  GraphData g;
  for (int64_t id : nodes) g.nodes.push_back({id, "n" + std::to_string(id), "thing", {}, {}, {}});
  for (const L& l : links) {
    LinkInfo li;
    li.id = l.id;
    li.source = l.s;
    li.target = l.t;
    li.type = "rel";
    li.kind = l.cooc ? RelationKind::kCooccurrence : RelationKind::kStated;
    g.links.push_back(li);
  }
  return g;
}

using Ids = std::vector<int64_t>;

TEST(Algorithms, EmptyGraph) {
  GraphData g;
  EXPECT_TRUE(NeighborhoodIds(g, {1}, 3).empty());
  EXPECT_FALSE(ShortestPathLinks(g, 1, 2).has_value());
  EXPECT_FALSE(ShortestPathLinks(g, 1, 1).has_value());
  GraphData sub = InducedSubgraph(g, {1});
  EXPECT_TRUE(sub.nodes.empty());
}

TEST(Algorithms, OneNode) {
  GraphData g = Make({5}, {});
  EXPECT_EQ(NeighborhoodIds(g, {5}, 0), Ids{5});
  EXPECT_EQ(NeighborhoodIds(g, {5}, 10), Ids{5});
  auto same = ShortestPathLinks(g, 5, 5);
  ASSERT_TRUE(same.has_value());
  EXPECT_TRUE(same->empty());
  EXPECT_FALSE(ShortestPathLinks(g, 5, 6).has_value());
}

TEST(Algorithms, SelfLoop) {
  GraphData g = Make({1, 2}, {{1, 1, 1}, {2, 1, 2}});
  EXPECT_EQ(NeighborhoodIds(g, {1}, 1), (Ids{1, 2}));
  EXPECT_EQ(*ShortestPathLinks(g, 1, 2), Ids{2});
  EXPECT_EQ(*ShortestPathLinks(g, 2, 1), Ids{2});
  GraphData sub = InducedSubgraph(g, {1});
  ASSERT_EQ(sub.links.size(), 1u);
  EXPECT_EQ(sub.links[0].id, 1);
}

TEST(Algorithms, ParallelEdgesTakeTheLowestLinkId) {
  GraphData g = Make({1, 2, 3}, {{4, 1, 2}, {7, 2, 1}, {9, 2, 3}, {11, 3, 2}, {12, 1, 2}});
  EXPECT_EQ(*ShortestPathLinks(g, 1, 3), (Ids{4, 9}));
  EXPECT_EQ(*ShortestPathLinks(g, 3, 1), (Ids{9, 4}));
  EXPECT_EQ(NeighborhoodIds(g, {1}, 1), (Ids{1, 2}));
}

TEST(Algorithms, EqualLengthPathsPreferLowerLinkIds) {
  // 1 -> 4 via 2 (links 5, 6) or via 3 (links 3, 8): the walk takes link 3 first.
  GraphData g = Make({1, 2, 3, 4}, {{3, 1, 3}, {5, 1, 2}, {6, 2, 4}, {8, 3, 4}});
  EXPECT_EQ(*ShortestPathLinks(g, 1, 4), (Ids{3, 8}));
  EXPECT_EQ(*ShortestPathLinks(g, 4, 1), (Ids{6, 5}));
}

TEST(Algorithms, DisconnectedComponents) {
  GraphData g = Make({1, 2, 3, 4}, {{1, 1, 2}, {2, 3, 4}});
  EXPECT_EQ(NeighborhoodIds(g, {1}, 5), (Ids{1, 2}));
  EXPECT_EQ(NeighborhoodIds(g, {1, 4}, 1), (Ids{1, 2, 3, 4}));
  EXPECT_FALSE(ShortestPathLinks(g, 1, 4).has_value());
}

TEST(Algorithms, Star) {
  std::vector<int64_t> nodes{0};
  std::vector<L> links;
  for (int64_t i = 1; i <= 50; ++i) {
    nodes.push_back(i);
    links.push_back({i, 0, i});
  }
  GraphData g = Make(nodes, links);
  EXPECT_EQ(NeighborhoodIds(g, {0}, 1).size(), 51u);
  EXPECT_EQ(NeighborhoodIds(g, {7}, 1), (Ids{0, 7}));
  EXPECT_EQ(NeighborhoodIds(g, {7}, 2).size(), 51u);
  EXPECT_EQ(*ShortestPathLinks(g, 7, 9), (Ids{7, 9}));
}

TEST(Algorithms, LongPathOfThousand) {
  std::vector<int64_t> nodes;
  std::vector<L> links;
  for (int64_t i = 0; i < 1000; ++i) {
    nodes.push_back(i);
    if (i > 0) links.push_back({i, i - 1, i});
  }
  GraphData g = Make(nodes, links);
  auto path = ShortestPathLinks(g, 0, 999);
  ASSERT_TRUE(path.has_value());
  ASSERT_EQ(path->size(), 999u);
  EXPECT_EQ(path->front(), 1);
  EXPECT_EQ(path->back(), 999);
  EXPECT_EQ(NeighborhoodIds(g, {500}, 10).size(), 21u);
  EXPECT_EQ(NeighborhoodIds(g, {0}, 2000).size(), 1000u);
}

TEST(Algorithms, IdsWithGaps) {
  GraphData g = Make({10, 1000, 123456789012}, {{77, 10, 1000}, {3, 1000, 123456789012}});
  EXPECT_EQ(NeighborhoodIds(g, {123456789012}, 1), (Ids{1000, 123456789012}));
  EXPECT_EQ(*ShortestPathLinks(g, 10, 123456789012), (Ids{77, 3}));
  EXPECT_TRUE(NeighborhoodIds(g, {11}, 1).empty());
}

TEST(Algorithms, CooccurrenceOnlyWhenAsked) {
  GraphData g = Make({1, 2, 3}, {{1, 1, 2, true}, {2, 2, 3}});
  EXPECT_EQ(NeighborhoodIds(g, {1}, 2), Ids{1});
  EXPECT_EQ(NeighborhoodIds(g, {1}, 2, true), (Ids{1, 2, 3}));
  EXPECT_FALSE(ShortestPathLinks(g, 1, 3).has_value());
  EXPECT_EQ(*ShortestPathLinks(g, 1, 3, true), (Ids{1, 2}));
}

TEST(Algorithms, InducedSubgraphKeepsOrderAndCitedDocuments) {
  GraphData g = Make({1, 2, 3}, {{1, 1, 2}, {2, 2, 3}, {3, 3, 1}});
  g.documents = {{1, "/a", "A", {}, "h"}, {2, "/b", "B", {}, "h"}, {3, "/c", "C", {}, "h"}};
  g.nodes[0].documents = {1};
  g.links[0].evidence = {{2, 0, 1, "x"}};
  GraphData sub = InducedSubgraph(g, {2, 1});
  ASSERT_EQ(sub.nodes.size(), 2u);
  EXPECT_EQ(sub.nodes[0].id, 1);
  EXPECT_EQ(sub.nodes[1].id, 2);
  ASSERT_EQ(sub.links.size(), 1u);
  EXPECT_EQ(sub.links[0].id, 1);
  ASSERT_EQ(sub.documents.size(), 2u);
  EXPECT_EQ(sub.documents[0].id, 1);
  EXPECT_EQ(sub.documents[1].id, 2);
}

}  // namespace
}  // namespace accord::graph
