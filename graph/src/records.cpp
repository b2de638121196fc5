// Small helpers for the plain records shared by the extractor, the store and the exporters.
#include "accord/graph/records.hpp"

#include <algorithm>

namespace accord::graph {

const char* RelationKindName(RelationKind kind) {
  switch (kind) {
    case RelationKind::kStated:
      return "stated";
    case RelationKind::kCooccurrence:
      return "cooccurrence";
  }
  return "stated";
}

uint32_t PageOf(const std::vector<uint32_t>& page_starts, uint32_t offset) {
  if (page_starts.empty()) return 0;
  // the last page that starts at or before `offset` (page 1 also holds anything before it)
  auto it = std::upper_bound(page_starts.begin(), page_starts.end(), offset);
  const auto index = it == page_starts.begin() ? 0 : (it - page_starts.begin()) - 1;
  return static_cast<uint32_t>(index + 1);
}

uint32_t PageAt(const GraphData& g, int64_t document, uint32_t offset) {
  auto it = g.page_starts.find(document);
  return it == g.page_starts.end() ? 0 : PageOf(it->second, offset);
}

}  // namespace accord::graph
