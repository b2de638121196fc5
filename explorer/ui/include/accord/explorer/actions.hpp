// User actions shared by the panels and the scripted mode, so a script drives exactly the code a
// user's click or key press runs (no GL, no ImGui).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "accord/explorer/app.hpp"
#include "accord/explorer/graph_view.hpp"
#include "accord/explorer/ui.hpp"

namespace accord::explorer {

// The search box's Enter: sets ui.search_text to `text`, runs the full-text search and selects
// the first entity hit that is in the snapshot (made visible when filters hid it: Expand 0
// hops), then centres the view on it. Returns the node, or nullopt with a status message
// ("No entity matches "text".") when nothing matched.
std::optional<uint32_t> SearchAndFocus(App& app, GraphView& view, UiState& ui,
                                       std::string_view text);

// Selects `node` (replacing the selection), makes it visible and centres the view on it: what a
// click on a search result, an inspector relation or a reader entity does.
void SelectAndFocus(App& app, GraphView& view, uint32_t node);

}  // namespace accord::explorer
