#pragma once
// The DOM keeps no positions. For documents that have already passed their schema (no DOCTYPE,
// no text where elements are listed), a scan of the bytes that skips comments, processing
// instructions and CDATA finds exactly the elements the DOM holds, in the same order: so an
// error found after validation (a duplicate row, a conflicting value) can still name its line.
#include <string_view>
#include <vector>

namespace renkei::xml {

// 1-based lines of the start tags whose local name is `local`, in document order.
std::vector<int> startTagLines(std::string_view text, std::string_view local);

}  // namespace renkei::xml
