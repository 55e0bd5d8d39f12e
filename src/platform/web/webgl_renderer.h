// Draws ImGui's draw data with WebGL2 (OpenGL ES 3.0 through Emscripten).
//
// Why not ImGui's own OpenGL3 backend: it saves and restores the GL state around every frame
// with glGet* calls, and in a browser most of those are a round trip to the GPU process that
// waits until everything queued before has run (the page's compositing included). With
// SwiftShader that wait was 45-120 ms in a frame. This renderer owns the context's state: it
// sets what it needs every frame and never reads state back, so a frame only queues commands.
//
// Contract: one renderer per WebGL context, used on the thread that owns the context. After a
// context loss, call reset() once the context is restored: every GL object is made again.
// Textures are GL texture names cast to ImTextureID; the font atlas is one of them, a
// single-channel (R8) texture of coverage, the others RGBA.
#pragma once
#include <cstdint>
#include <vector>

#include <imgui.h>

#include "platform/retained.h"

namespace reader::platform {

class WebGlRenderer {
 public:
  // Compiles the shaders and makes the buffers. Returns false (and fills `error`) when the
  // context refuses a shader; the reader then cannot draw.
  bool create(const char** error);
  // Uploads the font atlas (ImGui::GetIO().Fonts) as a texture and sets its ImTextureID,
  // replacing the previous one. Needs a built atlas.
  void upload_fonts();
  // Forgets every GL object without deleting it (the context that owned them is gone) and
  // makes them again in the new context.
  bool reset(const char** error);
  // A new texture of `width` × `height` RGBA pixels (linear filtering, clamped edges); 0 when
  // the context gives none.
  static unsigned create_texture(int width, int height, const void* rgba);
  // Clears the framebuffer (fb_width × fb_height device pixels) to `clear` and draws `data`.
  // Retained draws (platform/retained.h) come from GPU buffers made the first frame each
  // geometry is drawn and deleted after the first frame that does not draw it.
  void render(const ImDrawData* data, int fb_width, int fb_height, const ImVec4& clear);

 private:
  // A texture of `width` x `height` pixels in `format` (GL_RGBA or GL_RED bytes), stored as
  // `internal_format`; 0 when the context gives none.
  static unsigned make_texture(int width, int height, int internal_format, int format, const void* pixels);

  // A vertex array for ImDrawVert with its own vertex and index buffers (bound to it).
  static void make_vertex_array(unsigned* vao, unsigned* vbo, unsigned* ibo);
  // A retained geometry's buffers, uploaded when this is their first frame (marked as used).
  struct Kept {
    std::uint64_t id = 0, frame = 0;
    unsigned vao = 0, vbo = 0, ibo = 0;
    int count = 0;
  };
  const Kept* kept_for(const RetainedGeometry& g);
  // Deletes the buffers of geometries this frame did not draw.
  void forget_unused();

  unsigned program_ = 0, vao_ = 0, vbo_ = 0, ibo_ = 0, font_texture_ = 0;
  int projection_ = -1, sampler_ = -1, coverage_ = -1, offset_ = -1;
  std::vector<Kept> kept_;  // a handful: the geometries one frame draws
  std::uint64_t frame_ = 0;
};

}  // namespace reader::platform
