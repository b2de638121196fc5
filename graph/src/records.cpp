// Small helpers for the plain records shared by the extractor, the store and the exporters.
#include "accord/graph/records.hpp"

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

}  // namespace accord::graph
