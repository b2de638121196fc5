// User actions shared by the panels and the scripted mode (see actions.hpp): one code path for
// "search and focus" and "select and focus" whoever triggers them.
#include "accord/explorer/actions.hpp"

#include <cctype>
#include <string>

#include "cat.hpp"

namespace accord::explorer {

void SelectAndFocus(App& app, GraphView& view, uint32_t node) {
  if (node >= app.snapshot().NodeCount()) return;
  const auto vis = app.node_visibility();
  if (node < vis.size() && vis[node] == 0) app.Expand(node, 0);  // filtered or hidden: show it
  app.Select(node, false);
  view.CenterOn(app, node);
}

std::optional<uint32_t> SearchAndFocus(App& app, GraphView& view, UiState& ui,
                                       std::string_view text) {
  ui.search_text = std::string(text);
  auto hits = app.Search(text, 20);
  if (!hits) {
    app.SetMessage(hits.error().message);
    return std::nullopt;
  }
  // The first entity hit in the snapshot, unless a later one is named exactly the text
  // ("OECD" should find OECD before "OECD Council").
  auto lower = [](std::string_view t) {
    std::string out(t);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string key = lower(text);
  std::optional<uint32_t> first;
  for (const auto& hit : *hits) {
    if (hit.kind != graph::SearchHit::Kind::kEntity) continue;
    auto node = app.NodeOf(hit.entity);
    if (!node) continue;
    if (lower(hit.label) == key) {
      first = node;
      break;
    }
    if (!first) first = node;
  }
  if (first) {
    SelectAndFocus(app, view, *first);
    return first;
  }
  app.SetMessage(Cat("No entity matches \"", text, "\"."));
  return std::nullopt;
}

}  // namespace accord::explorer
