#version 330 core
// Edge bodies fade out over the last pixel of their half width (anti-aliased quads); arrow
// heads are flat triangles in the edge colour.
in float v_across;
flat in float v_half;
flat in vec4 v_color;

out vec4 frag_color;

void main() {
  float alpha = 1.0;
  if (v_half > 0.0) {
    alpha = 1.0 - smoothstep(v_half - 0.5, v_half + 0.5, abs(v_across));
  }
  frag_color = vec4(v_color.rgb, v_color.a * alpha);
}
