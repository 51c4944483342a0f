#pragma once
// One validated XML input file of the harness (a case file, a data set, a WSDL): read, parsed by
// the hardened parser, schema issues turned into "FILE:LINE:COLUMN: element: message".
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <xercesc/dom/DOMElement.hpp>

#include "broker/xml/parsed_document.h"
#include "broker/xml/schema_set.h"

namespace renkei::conform {

std::string readFile(const std::filesystem::path& path);  // throws ConformInputError

// Parses `path` against `schemas` and throws ConformInputError on the first problem. A root
// element other than {root_ns}root_local is named as such, before any schema issue it causes.
std::unique_ptr<xml::ParsedDocument> parseValidated(const std::filesystem::path& path,
                                                    const xml::SchemaSet& schemas,
                                                    std::string_view root_ns,
                                                    std::string_view root_local);

// Parses `path` for well-formedness only (a WSDL: the harness's own checks judge its content).
std::unique_ptr<xml::ParsedDocument> parseWellFormed(const std::filesystem::path& path);

// An attribute as UTF-8, `fallback` when absent or empty.
std::string attr(const XERCES_CPP_NAMESPACE::DOMElement* element, const char* name,
                 const std::string& fallback = "");

}  // namespace renkei::conform
