// WebGL2 renderer for ImGui draw data (see webgl_renderer.h for the contract).
#include "webgl_renderer.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "platform/retained.h"

namespace reader::platform {

namespace {

// Position (2 floats), UV (2 floats), colour (4 bytes, premultiplied by nothing): ImDrawVert.
constexpr const char* kVertexShader =
    "#version 300 es\n"
    "uniform mat4 u_projection;\n"
    "uniform vec2 u_offset;\n"
    "layout(location = 0) in vec2 a_position;\n"
    "layout(location = 1) in vec2 a_uv;\n"
    "layout(location = 2) in vec4 a_color;\n"
    "out vec2 v_uv;\n"
    "out vec4 v_color;\n"
    "void main() {\n"
    "  v_uv = a_uv;\n"
    "  v_color = a_color;\n"
    "  gl_Position = u_projection * vec4(a_position + u_offset, 0.0, 1.0);\n"
    "}\n";

// The texture's colour times the vertex colour. Images are RGBA textures. The font atlas is one
// channel (R8: coverage only, a quarter of RGBA's bytes to upload and to keep): with u_coverage
// set, its red channel is the alpha of white. Glyphs and shapes sample the atlas (shapes its
// white texel).
constexpr const char* kFragmentShader =
    "#version 300 es\n"
    "precision mediump float;\n"
    "uniform sampler2D u_texture;\n"
    "uniform bool u_coverage;\n"
    "in vec2 v_uv;\n"
    "in vec4 v_color;\n"
    "out vec4 o_color;\n"
    "void main() {\n"
    "  vec4 t = texture(u_texture, v_uv);\n"
    "  o_color = v_color * (u_coverage ? vec4(1.0, 1.0, 1.0, t.r) : t);\n"
    "}\n";

GLuint compile(GLenum type, const char* source) {
  const GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  return shader;
}

}  // namespace

bool WebGlRenderer::create(const char** error) {
  const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
  program_ = glCreateProgram();
  glAttachShader(program_, vs);
  glAttachShader(program_, fs);
  glLinkProgram(program_);
  glDeleteShader(vs);  // kept alive by the program
  glDeleteShader(fs);
  // One status query at start-up (it waits for the compile); never again per frame.
  GLint linked = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &linked);
  if (!linked) {
    if (error) *error = "WebGL2 refused the reader's shaders (glLinkProgram failed); the reader cannot draw";
    return false;
  }
  projection_ = glGetUniformLocation(program_, "u_projection");
  offset_ = glGetUniformLocation(program_, "u_offset");
  sampler_ = glGetUniformLocation(program_, "u_texture");
  coverage_ = glGetUniformLocation(program_, "u_coverage");
  make_vertex_array(&vao_, &vbo_, &ibo_);
  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "reader_webgl2";
  return true;
}

void WebGlRenderer::make_vertex_array(unsigned* vao, unsigned* vbo, unsigned* ibo) {
  glGenVertexArrays(1, vao);
  glGenBuffers(1, vbo);
  glGenBuffers(1, ibo);
  glBindVertexArray(*vao);
  glBindBuffer(GL_ARRAY_BUFFER, *vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, *ibo);  // part of the vertex array's state
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  const auto at = [](std::size_t offset) { return reinterpret_cast<const void*>(offset); };
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, col)));
  glBindVertexArray(0);
}

// `g` has vertices and indices (render() skips an empty one: see the empty upload there).
const WebGlRenderer::Kept* WebGlRenderer::kept_for(const RetainedGeometry& g) {
  for (Kept& k : kept_)
    if (k.id == g.id) {
      k.frame = frame_;
      return &k;
    }
  // First drawn (or drawn again after a frame without it): uploaded once, drawn from the GPU
  // until a frame does not draw it.
  Kept k;
  k.id = g.id;
  k.frame = frame_;
  k.count = static_cast<int>(g.indices.size());
  make_vertex_array(&k.vao, &k.vbo, &k.ibo);
  glBindVertexArray(k.vao);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(g.vertices.size() * sizeof(ImDrawVert)), g.vertices.data(), GL_STATIC_DRAW);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(g.indices.size() * sizeof(ImDrawIdx)), g.indices.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);  // not vertex-array state: the lists' uploads go to vbo_
  kept_.push_back(k);
  return &kept_.back();
}

void WebGlRenderer::forget_unused() {
  std::size_t n = 0;
  for (const Kept& k : kept_) {
    if (k.frame == frame_) {
      kept_[n++] = k;
      continue;
    }
    glDeleteVertexArrays(1, &k.vao);
    glDeleteBuffers(1, &k.vbo);
    glDeleteBuffers(1, &k.ibo);
  }
  kept_.resize(n);
}

bool WebGlRenderer::reset(const char** error) {
  program_ = vao_ = vbo_ = ibo_ = font_texture_ = 0;
  kept_.clear();  // gone with the old context
  if (!create(error)) return false;
  if (ImGui::GetIO().Fonts->IsBuilt()) upload_fonts();
  return true;
}

void WebGlRenderer::upload_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  // The atlas's own coverage bytes, uploaded as they are: no RGBA copy is made in the heap
  // (64 MB for a 4096 x 4096 atlas at ratio 3) and the GPU gets a quarter of the bytes.
  io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
  if (font_texture_) glDeleteTextures(1, &font_texture_);
  font_texture_ = make_texture(width, height, GL_R8, GL_RED, pixels);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(font_texture_)));
}

unsigned WebGlRenderer::create_texture(int width, int height, const void* rgba) {
  return make_texture(width, height, GL_RGBA, GL_RGBA, rgba);
}

unsigned WebGlRenderer::make_texture(int width, int height, int internal_format, int format, const void* pixels) {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  if (!texture) return 0;
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, internal_format, width, height, 0, static_cast<GLenum>(format), GL_UNSIGNED_BYTE, pixels);
  return texture;
}

void WebGlRenderer::render(const ImDrawData* data, int fb_width, int fb_height, const ImVec4& clear) {
  glViewport(0, 0, fb_width, fb_height);
  glDisable(GL_SCISSOR_TEST);  // glClear honours the scissor box
  glClearColor(clear.x, clear.y, clear.z, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!data || !program_ || fb_width <= 0 || fb_height <= 0 || data->DisplaySize.x <= 0 || data->DisplaySize.y <= 0) return;

  // Every frame sets the whole state it relies on (nothing else draws in this context).
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glUseProgram(program_);
  // Display rectangle (CSS pixels) to clip space, y down.
  const float l = data->DisplayPos.x, r = data->DisplayPos.x + data->DisplaySize.x;
  const float t = data->DisplayPos.y, b = data->DisplayPos.y + data->DisplaySize.y;
  const float projection[16] = {2.f / (r - l), 0, 0, 0, 0, 2.f / (t - b), 0, 0, 0, 0, -1.f, 0, (r + l) / (l - r), (t + b) / (b - t), 0, 1.f};
  glUniformMatrix4fv(projection_, 1, GL_FALSE, projection);
  glUniform2f(offset_, 0.f, 0.f);
  ++frame_;
  glUniform1i(sampler_, 0);
  glActiveTexture(GL_TEXTURE0);
  bool coverage = true;  // what u_coverage is set to
  glUniform1i(coverage_, 1);
  glBindVertexArray(vao_);
  glBindBuffer(GL_ARRAY_BUFFER, vbo_);

  const ImVec2 origin = data->DisplayPos, scale = data->FramebufferScale;
  static_assert(sizeof(ImDrawIdx) == 2, "16-bit indices: WebGL2 has no base-vertex draws");
  GLint scissor[4] = {-1, -1, -1, -1};  // the box set last
  bool moved = false;  // a retained draw's vertex array and offset are in place of the lists'
  const auto restore = [&] {
    if (!moved) return;
    glUniform2f(offset_, 0.f, 0.f);
    glBindVertexArray(vao_);  // before an upload too: the element buffer is the vertex array's
    moved = false;
  };
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    restore();
    // Never an empty upload: Emscripten hands WebGL2 the whole heap from `data` with a length,
    // and a length of 0 means "to the end" (tens of MB per frame). A list that only draws
    // retained geometry has no vertices of its own.
    if (list->VtxBuffer.Size > 0 && list->IdxBuffer.Size > 0) {
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->VtxBuffer.Size) * sizeof(ImDrawVert), list->VtxBuffer.Data, GL_STREAM_DRAW);
      glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(list->IdxBuffer.Size) * sizeof(ImDrawIdx), list->IdxBuffer.Data, GL_STREAM_DRAW);
    }
    GLuint bound = 0;
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      const bool retained = is_retained(cmd);
      if (cmd.UserCallback && !retained) {
        // ImGui's "reset render state" marker needs nothing here (the state above is only
        // changed by retained draws, put back before the lists' next draw); no view draws
        // other callbacks.
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      // Clip rectangle in framebuffer pixels; GL's scissor origin is the bottom left.
      const float x0 = (cmd.ClipRect.x - origin.x) * scale.x, y0 = (cmd.ClipRect.y - origin.y) * scale.y;
      const float x1 = (cmd.ClipRect.z - origin.x) * scale.x, y1 = (cmd.ClipRect.w - origin.y) * scale.y;
      if (x1 <= x0 || y1 <= y0 || (!retained && cmd.ElemCount == 0)) continue;
      const GLint box[4] = {static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(fb_height) - y1), static_cast<GLint>(x1 - x0),
                            static_cast<GLint>(y1 - y0)};
      if (box[0] != scissor[0] || box[1] != scissor[1] || box[2] != scissor[2] || box[3] != scissor[3]) {  // the chunks of a text share one
        glScissor(box[0], box[1], box[2], box[3]);
        std::copy(box, box + 4, scissor);
      }
      const RetainedGeometry* g = retained ? &retained_of(cmd) : nullptr;
      if (g && (g->indices.empty() || g->vertices.empty())) continue;
      const auto texture = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(g ? g->texture : cmd.GetTexID()));
      if (texture != bound) {
        glBindTexture(GL_TEXTURE_2D, texture);
        bound = texture;
        if ((texture == font_texture_) != coverage) {
          coverage = texture == font_texture_;
          glUniform1i(coverage_, coverage ? 1 : 0);
        }
      }
      if (g) {  // from its own buffers, moved by its offset (restored before the lists' next draw)
        const Kept* k = kept_for(*g);
        glBindVertexArray(k->vao);
        glUniform2f(offset_, g->offset.x, g->offset.y);
        glDrawElements(GL_TRIANGLES, k->count, GL_UNSIGNED_SHORT, nullptr);
        moved = true;
        continue;
      }
      restore();
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), GL_UNSIGNED_SHORT,
                     reinterpret_cast<const void*>(static_cast<std::uintptr_t>(cmd.IdxOffset) * sizeof(ImDrawIdx)));
    }
  }
  glBindVertexArray(0);
  forget_unused();
}

}  // namespace reader::platform
