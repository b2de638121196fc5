#version 330 core
// Instanced node discs: one instance per node, a screen-space quad around its centre.
// Per-instance attributes come straight from ViewFrame's arrays (x, y, radius in window pixels
// with the origin top-left; fill and outline as RGBA8 0xAABBGGRR, normalized).
layout(location = 0) in float a_x;
layout(location = 1) in float a_y;
layout(location = 2) in float a_radius;
layout(location = 3) in vec4 a_fill;
layout(location = 4) in vec4 a_outline;

uniform vec2 u_viewport;      // window size in pixels (the ViewFrame's units)

out vec2 v_local;             // pixel offset from the centre
flat out float v_radius;
flat out vec4 v_fill;
flat out vec4 v_outline;

void main() {
  // Triangle strip corners from the vertex id: (-1,-1) (1,-1) (-1,1) (1,1).
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1)) * 2.0 - 1.0;
  float extent = a_radius + 1.5;  // room for the anti-aliased rim
  v_local = corner * extent;
  v_radius = a_radius;
  v_fill = a_fill;
  v_outline = a_outline;
  vec2 pixel = vec2(a_x, a_y) + v_local;
  vec2 ndc = pixel / u_viewport * 2.0 - 1.0;
  gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
}
