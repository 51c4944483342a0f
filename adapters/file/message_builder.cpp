#include "adapters/file/message_builder.h"

#include <vector>

#include "broker/core/xml_escape.h"

namespace renkei::file {

std::string buildBody(const Layout& layout, const DecodedRecord& record) {
  std::string out =
      "<m:" + layout.message.root + " xmlns:m=\"" + xmlEscapeData(layout.message.ns) + "\">";
  std::vector<std::string> open;  // parents currently open below the root
  for (const MappedElement& m : layout.mapping) {
    std::string value = m.value;
    if (m.field) {
      if (!record.present[*m.field]) continue;
      value = record.values[*m.field];
    }
    const size_t parents = m.path.size() - 1;
    size_t common = 0;
    while (common < open.size() && common < parents && open[common] == m.path[common]) ++common;
    while (open.size() > common) {
      out += "</m:" + open.back() + ">";
      open.pop_back();
    }
    for (size_t i = common; i < parents; ++i) {
      out += "<m:" + m.path[i] + ">";
      open.push_back(m.path[i]);
    }
    out += "<m:" + m.path.back() + ">" + xmlEscapeData(value) + "</m:" + m.path.back() + ">";
  }
  while (!open.empty()) {
    out += "</m:" + open.back() + ">";
    open.pop_back();
  }
  return out + "</m:" + layout.message.root + ">";
}

std::string recordKey(const Layout& layout, const DecodedRecord& record) {
  for (size_t i = 0; i < layout.fields.size(); ++i) {
    if (layout.fields[i].name == layout.message.key_field && record.present[i]) {
      return record.values[i];
    }
  }
  return "-";
}

}  // namespace renkei::file
