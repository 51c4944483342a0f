#pragma once
// Helpers the configuration readers share (config_loader.cpp, federation_reader.cpp): attribute
// values as UTF-8, paths relative to the file, and the line an attribute is written on, so an
// error found after schema validation still names file and line.
#include <filesystem>
#include <string>

#include <xercesc/dom/DOMElement.hpp>

namespace renkei::config {

std::string attr(const XERCES_CPP_NAMESPACE::DOMElement* element, const char* name,
                 const std::string& fallback = "");
// The schema guaranteed an integer wherever this is used.
long attrNumber(const XERCES_CPP_NAMESPACE::DOMElement* element, const char* name, long fallback);
std::string resolvePath(const std::filesystem::path& base_dir, const std::string& path);
// The line of `name="value"` in the file: the DOM keeps no positions. 0 when the text is written
// differently (entities, single quotes).
int lineOf(const std::string& text, const std::string& name, const std::string& value);
// "file:12: " (or "file: " when the line is unknown).
std::string fileLine(const std::string& file, const std::string& text, const std::string& name,
                     const std::string& value);

}  // namespace renkei::config
