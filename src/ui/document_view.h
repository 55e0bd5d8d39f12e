// Drawing a laid-out document (core::DocumentLayout) with ImGui: only the lines and decorations
// inside the clip rectangle are visited; links get hover and pressed states and are published
// as hit targets; images are drawn from textures, with a placeholder of their size until then.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "core/document_layout.h"
#include "fonts.h"
#include "theme.h"

namespace reader::ui {

// A clickable thing drawn this frame, in CSS pixels from the canvas's top left. Published
// through the state hook so tests (and later the accessibility mirror) can find it.
struct HitTarget {
  std::string id;     // "lang:fr", "section:what-we-do", "article:<id>", "back", "errors", "link:<url>", "toc:<n>"
  std::string label;  // the text shown
  float x = 0, y = 0, w = 0, h = 0;
};

// An image the platform has decoded and uploaded.
struct ImageTexture {
  ImTextureID texture = nullptr;
  int width = 0, height = 0;
};

struct DocumentDrawContext {
  const FontSet& fonts;
  const Theme& theme;
  std::vector<HitTarget>& targets;
  // The texture for an image path, or nullptr while it is not loaded.
  std::function<const ImageTexture*(std::string_view src)> image;
  // Images that were on screen without a texture (the app asks the platform to load them).
  std::vector<std::string>& wanted_images;
};

// The reader's document style for the current fonts (gaps in ems of the body size).
core::DocumentStyle document_style(const FontSet& fonts, std::function<float(std::string_view)> image_aspect);

// Draws `layout` with its top-left corner at `origin` (screen coordinates) and reserves its
// height in the current window.
void draw_document(const core::DocumentLayout& layout, const DocumentDrawContext& ctx, ImVec2 origin, float width);

}  // namespace reader::ui
