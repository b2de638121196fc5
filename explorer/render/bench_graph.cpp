// Seeded Barabási–Albert graph generator for the frame benchmark (see bench_graph.hpp).
#include "bench_graph.hpp"

#include <algorithm>
#include <array>
#include <random>
#include <string>
#include <vector>

namespace accord::explorer {

graph::GraphData GenerateBarabasiAlbert(uint32_t nodes, uint32_t links_per_node, uint64_t seed) {
  static constexpr std::array<const char*, 8> kTypes = {
      "organization", "country", "document", "event", "principle", "person", "plan", "topic"};
  graph::GraphData data;
  data.nodes.reserve(nodes);
  for (uint32_t i = 0; i < nodes; ++i) {
    graph::NodeInfo node;
    node.id = i + 1;
    node.label = "Node " + std::to_string(i + 1);
    node.type = kTypes[(i * 2654435761u >> 7) % kTypes.size()];
    data.nodes.push_back(std::move(node));
  }
  std::mt19937_64 rng(seed);
  // Every link end once in `ends`: a uniform pick from it is a pick proportional to degree.
  std::vector<uint32_t> ends;
  ends.reserve(static_cast<size_t>(nodes) * links_per_node * 2);
  int64_t link_id = 1;
  std::vector<uint32_t> chosen;
  for (uint32_t v = 1; v < nodes; ++v) {
    chosen.clear();
    uint32_t want = std::min(links_per_node, v);
    while (chosen.size() < want) {
      uint32_t u = ends.empty() || v <= links_per_node ? static_cast<uint32_t>(rng() % v)
                                                       : ends[rng() % ends.size()];
      if (std::find(chosen.begin(), chosen.end(), u) == chosen.end()) chosen.push_back(u);
    }
    for (uint32_t u : chosen) {
      graph::LinkInfo link;
      link.id = link_id++;
      link.source = v + 1;
      link.target = u + 1;
      link.type = "related_to";
      data.links.push_back(std::move(link));
      ends.push_back(u);
      ends.push_back(v);
    }
  }
  return data;
}

}  // namespace accord::explorer
