// accord::explorer::GraphView — the graph canvas without GL: camera (pan, zoom at the cursor,
// fit), picking, dragging, the per-frame draw lists the renderer uploads, and label placement
// with level of detail (never overlapping; priority to selected, hovered and important nodes;
// all labels once zoomed in enough). Everything here is CPU-side and deterministic, so tests can
// check what would be drawn where without a window.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accord/explorer/app.hpp"

namespace accord::explorer {

struct Camera {
  float center_x = 0;   // world point at the viewport centre
  float center_y = 0;
  float zoom = 1;       // pixels per world unit
  float width = 1280;   // viewport in pixels
  float height = 800;
  float WorldToScreenX(float wx) const { return (wx - center_x) * zoom + width * 0.5f; }
  float WorldToScreenY(float wy) const { return (wy - center_y) * zoom + height * 0.5f; }
  float ScreenToWorldX(float sx) const { return (sx - width * 0.5f) / zoom + center_x; }
  float ScreenToWorldY(float sy) const { return (sy - height * 0.5f) / zoom + center_y; }
};

// What one frame draws, in screen pixels (origin top-left), back to front.
struct ViewFrame {
  // nodes (instanced discs): centre, radius, fill and outline colours (RGBA8, little-endian
  // 0xAABBGGRR like ImGui's IM_COL32), flags
  std::vector<float> node_x, node_y, node_radius;
  std::vector<uint32_t> node_fill, node_outline;
  std::vector<uint32_t> node_index;   // snapshot index of each drawn node
  // edges (lines): endpoints, colour, width in pixels; arrow heads when zoomed in
  std::vector<float> edge_x0, edge_y0, edge_x1, edge_y1, edge_width;
  std::vector<uint32_t> edge_color;
  std::vector<uint32_t> edge_index;   // snapshot link index
  bool arrows = false;                // direction cues drawn (zoomed in enough)
  // labels placed without overlap: top-left corner, text, colour
  struct Label {
    float x, y;
    std::string text;
    uint32_t color;
    uint32_t node;
    float w = 0, h = 0;  // the rectangle the placement reserved (pixels); never overlaps another
  };
  std::vector<Label> labels;
};

// Colour of an entity type (stable, distinct, readable on the dark background) and its legend
// name. Unknown types get a neutral grey.
uint32_t TypeColor(std::string_view type);

class GraphView {
 public:
  Camera& camera() { return camera_; }
  const Camera& camera() const { return camera_; }
  void SetViewport(float width, float height);
  // Pixels along each edge covered by panels: fitting and centring use the free area between.
  void SetInsets(float left, float top, float right, float bottom);
  void FitToView(const App& app);          // F: every visible node inside, with a margin
  void CenterOn(const App& app, uint32_t node, float zoom = 0);  // search Enter; 0 keeps zoom
  // The screen point where CenterOn puts a node: the centre of the area the panels leave free.
  float FocusScreenX() const;
  float FocusScreenY() const;

  // Input in screen pixels (the renderer forwards GLFW/ImGui mouse state when the canvas has it).
  // Returns true when the event was consumed.
  void OnMouseMove(App& app, float sx, float sy);
  void OnMouseDown(App& app, float sx, float sy, bool shift, bool double_click);
  void OnMouseUp(App& app, float sx, float sy);
  void OnScroll(App& app, float sx, float sy, float wheel);  // zoom at the cursor

  // Node under the screen point (visible nodes only, within its radius + 3 px), or nullopt.
  std::optional<uint32_t> Pick(const App& app, float sx, float sy) const;
  // Link under the point (within 4 px of the segment), when no node is there.
  std::optional<uint32_t> PickLink(const App& app, float sx, float sy) const;

  // Builds the frame for the current app state and camera. O(V + E + labels log labels).
  const ViewFrame& BuildFrame(const App& app);
  const ViewFrame& frame() const { return frame_; }

  // Radius in pixels of node i at the current zoom (size by degree).
  float NodeRadius(const App& app, uint32_t node) const;

  // Label text width in pixels at label_font_px. Empty: 7 px per UTF-8 character at 13 px
  // (scaled with label_font_px); the renderer may set ImGui::CalcTextSize here.
  std::function<float(std::string_view)> measure_text;
  float label_font_px = 13.0f;
  static constexpr float kMinZoom = 0.002f;
  static constexpr float kMaxZoom = 50.0f;
  static constexpr float kWheelFactor = 1.15f;  // zoom factor per wheel notch

 private:
  float MeasureText(std::string_view text) const;
  bool GridValid(const App& app) const;

  Camera camera_;
  float inset_left_ = 0, inset_top_ = 0, inset_right_ = 0, inset_bottom_ = 0;
  ViewFrame frame_;
  std::optional<uint32_t> dragging_;
  bool panning_ = false;
  bool pan_shift_ = false;  // shift held at the last press
  bool moved_ = false;
  float last_x_ = 0, last_y_ = 0;
  float press_x_ = 0, press_y_ = 0;
  float grab_dx_ = 0, grab_dy_ = 0;  // dragged node's world position minus the cursor's

  // Uniform pick grid over the drawn nodes (screen space), rebuilt by BuildFrame.
  Camera grid_camera_;
  uint64_t grid_generation_ = ~0ull;
  bool grid_built_ = false;
  float grid_cell_ = 32;
  int grid_cols_ = 0, grid_rows_ = 0;
  float max_radius_ = 0;
  std::vector<uint32_t> grid_start_, grid_items_;  // CSR: cell -> indices into frame_.node_*
  std::vector<uint8_t> mark_;                      // per node scratch flags
  std::vector<float> screen_x_, screen_y_;         // per node screen position, this frame
  std::vector<uint32_t> draw_of_;                  // per node: index in frame_.node_*, or ~0
  std::vector<uint32_t> degree_order_;             // nodes by degree desc (label candidates)
  uint64_t degree_order_generation_ = ~0ull;
};

}  // namespace accord::explorer
