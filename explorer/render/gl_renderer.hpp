// GlRenderer: draws a GraphView ViewFrame with OpenGL 3.3 core — edges as instanced anti-aliased
// quads (in dense frames of thousands of edges, the thin ones as 1-pixel GL lines), plus arrow
// heads when the frame asks for direction cues, then nodes as instanced
// anti-aliased discs with an outline (shaders/node.*, shaders/edge.*). ViewFrame's arrays are
// uploaded as they are, one instance buffer per array, orphaned every frame. Labels and panels
// are not drawn here (ImGui draws them). Needs a current GL context for its whole life.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "accord/explorer/graph_view.hpp"
#include "accord/graph/result.hpp"

namespace accord::explorer {

class GlRenderer {
 public:
  // Compiles and links the embedded shaders and makes the buffers. kInvalid with the GL info
  // log in one sentence when a shader does not compile (a programmer error on a sane driver).
  static graph::Result<std::unique_ptr<GlRenderer>> Create();
  ~GlRenderer();
  GlRenderer(const GlRenderer&) = delete;
  GlRenderer& operator=(const GlRenderer&) = delete;

  // Draws `frame` into the bound framebuffer. `width`/`height`: the ViewFrame's units (window
  // pixels; glViewport must already cover the framebuffer, which may be larger on high-DPI
  // screens). `pixel_scale`: framebuffer pixels per window pixel, for outline widths.
  void Draw(const ViewFrame& frame, float width, float height, float pixel_scale);

 private:
  GlRenderer() = default;
  struct Gl;
  std::unique_ptr<Gl> gl_;
};

}  // namespace accord::explorer
