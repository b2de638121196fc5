// Frame dumps for the window tests: the ViewFrame that was drawn, as JSON, so a checker can
// look in the screenshot where each node should be and xdotool can click a node's position.
//   {"viewport": [w, h], "pixel_scale": s, "camera": {"center_x", "center_y", "zoom"},
//    "arrows": bool, "selection": [labels...], "edges": count, "edge_length_px": total,
//    "edge_width_mean": px,
//    "nodes": [{"index", "id", "label", "type", "world_x", "world_y", "x", "y", "r",
//               "fill": "#rrggbbaa"}...],   (drawing order: the last is on top)
//    "labels": [{"x", "y", "text"}...],
//    "panels": [[x, y, w, h]...]}   (ImGui windows drawn over the canvas, window pixels)
#pragma once

#include <array>
#include <filesystem>
#include <vector>

#include "accord/explorer/app.hpp"
#include "accord/explorer/graph_view.hpp"
#include "accord/graph/result.hpp"

namespace accord::explorer {

// Writes the dump to `path` atomically (a temporary file renamed over it), so a reader polling
// the file never sees half of it.
graph::Status WriteFrameDump(const std::filesystem::path& path, const App& app,
                             const GraphView& view, float pixel_scale,
                             const std::vector<std::array<float, 4>>& panels = {});

}  // namespace accord::explorer
