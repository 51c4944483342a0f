#include "adapters/rest/json_shape.h"

#include <unordered_map>

#include <xercesc/framework/psvi/XSAnnotation.hpp>
#include <xercesc/framework/psvi/XSComplexTypeDefinition.hpp>
#include <xercesc/framework/psvi/XSElementDeclaration.hpp>
#include <xercesc/framework/psvi/XSModel.hpp>
#include <xercesc/framework/psvi/XSModelGroup.hpp>
#include <xercesc/framework/psvi/XSNamedMap.hpp>
#include <xercesc/framework/psvi/XSParticle.hpp>
#include <xercesc/framework/psvi/XSSimpleTypeDefinition.hpp>

#include "broker/xml/xerces_runtime.h"

namespace renkei::rest {

namespace xc = XERCES_CPP_NAMESPACE;

const char* jsonTypeName(JsonShape::Type type) {
  switch (type) {
    case JsonShape::Type::kObject:
      return "object";
    case JsonShape::Type::kString:
      return "string";
    case JsonShape::Type::kNumber:
      return "number";
    case JsonShape::Type::kInteger:
      return "integer";
    case JsonShape::Type::kBoolean:
      return "boolean";
  }
  return "string";
}

namespace {

constexpr std::string_view kXsdNs = "http://www.w3.org/2001/XMLSchema";
// Deeper than any platform message; a recursive type stops here as an object without members
// rather than recursing forever.
constexpr int kMaxDepth = 32;

std::string utf8(const XMLCh* text) { return text == nullptr ? std::string() : xml::toUtf8(text); }

// The JSON type of a simple type: the first built-in XSD type on its derivation chain decides.
JsonShape::Type simpleJsonType(xc::XSSimpleTypeDefinition* type) {
  if (type == nullptr || type->getVariety() != xc::XSSimpleTypeDefinition::VARIETY_ATOMIC) {
    return JsonShape::Type::kString;  // lists and unions are written as their lexical form
  }
  for (xc::XSTypeDefinition* t = type; t != nullptr;) {
    if (utf8(t->getNamespace()) == kXsdNs) {
      const std::string name = utf8(t->getName());
      if (name == "boolean") return JsonShape::Type::kBoolean;
      if (name == "integer") return JsonShape::Type::kInteger;
      if (name == "decimal" || name == "float" || name == "double") return JsonShape::Type::kNumber;
      if (name == "anySimpleType" || name == "anyType") break;
    }
    xc::XSTypeDefinition* base = t->getBaseType();
    if (base == t || base == nullptr ||
        base->getTypeCategory() != xc::XSTypeDefinition::SIMPLE_TYPE) {
      break;
    }
    t = base;
  }
  return JsonShape::Type::kString;
}

std::vector<std::string> enumerationOf(xc::XSSimpleTypeDefinition* type) {
  std::vector<std::string> values;
  if (type == nullptr) return values;
  const xc::StringList* list = type->getLexicalEnumeration();
  if (list == nullptr) return values;
  for (XMLSize_t k = 0; k < list->size(); ++k) values.push_back(utf8(list->elementAt(k)));
  return values;
}

// The text of the first <xs:documentation> in an annotation's source. The schemas are the
// broker's own files, not message content.
std::string documentationOf(xc::XSElementDeclaration* decl) {
  xc::XSAnnotation* annotation = decl->getAnnotation();
  if (annotation == nullptr) return {};
  const std::string source = utf8(annotation->getAnnotationString());
  const std::size_t tag = source.find("documentation");
  if (tag == std::string::npos) return {};
  const std::size_t open_end = source.find('>', tag);
  if (open_end == std::string::npos || source[open_end - 1] == '/') return {};
  const std::size_t close = source.find("</", open_end);
  if (close == std::string::npos) return {};
  std::string text = source.substr(open_end + 1, close - open_end - 1);
  std::string out;
  for (std::size_t k = 0; k < text.size(); ++k) {
    if (text[k] != '&') {
      out.push_back(text[k]);
      continue;
    }
    const std::size_t semi = text.find(';', k);
    const std::string entity = semi == std::string::npos ? "" : text.substr(k, semi - k + 1);
    if (entity == "&lt;")
      out.push_back('<');
    else if (entity == "&gt;")
      out.push_back('>');
    else if (entity == "&amp;")
      out.push_back('&');
    else if (entity == "&quot;")
      out.push_back('"');
    else if (entity == "&apos;")
      out.push_back('\'');
    else {
      out.push_back('&');
      continue;
    }
    k = semi;
  }
  return out;
}

class ShapeBuilder {
 public:
  explicit ShapeBuilder(std::vector<std::unique_ptr<JsonShape>>& owner) : owner_(owner) {}

  const JsonShape* element(xc::XSElementDeclaration* decl, int depth) {
    if (auto it = built_.find(decl); it != built_.end()) return it->second;
    JsonShape* shape = owner_.emplace_back(std::make_unique<JsonShape>()).get();
    shape->name = utf8(decl->getName());
    shape->ns = utf8(decl->getNamespace());
    shape->documentation = documentationOf(decl);
    xc::XSTypeDefinition* type = decl->getTypeDefinition();
    if (type != nullptr && type->getTypeCategory() == xc::XSTypeDefinition::SIMPLE_TYPE) {
      auto* simple = static_cast<xc::XSSimpleTypeDefinition*>(type);
      shape->type = simpleJsonType(simple);
      shape->enumeration = enumerationOf(simple);
    } else if (type != nullptr) {
      auto* complex = static_cast<xc::XSComplexTypeDefinition*>(type);
      switch (complex->getContentType()) {
        case xc::XSComplexTypeDefinition::CONTENTTYPE_SIMPLE:
          shape->type = simpleJsonType(complex->getSimpleType());
          shape->enumeration = enumerationOf(complex->getSimpleType());
          break;
        case xc::XSComplexTypeDefinition::CONTENTTYPE_MIXED:
          shape->type = JsonShape::Type::kString;
          break;
        case xc::XSComplexTypeDefinition::CONTENTTYPE_EMPTY:
          shape->type = JsonShape::Type::kObject;
          break;
        case xc::XSComplexTypeDefinition::CONTENTTYPE_ELEMENT:
          shape->type = JsonShape::Type::kObject;
          // Registered before its children are built: a type that contains itself refers to
          // this shape instead of recursing.
          built_[decl] = shape;
          if (depth < kMaxDepth && complex->getParticle() != nullptr) {
            collect(complex->getParticle(), false, false, depth, *shape);
          }
          break;
      }
    }
    built_[decl] = shape;
    return shape;
  }

 private:
  void collect(xc::XSParticle* particle, bool optional, bool repeated, int depth,
               JsonShape& parent) {
    optional = optional || particle->getMinOccurs() == 0;
    repeated = repeated || particle->getMaxOccursUnbounded() || particle->getMaxOccurs() > 1;
    switch (particle->getTermType()) {
      case xc::XSParticle::TERM_ELEMENT: {
        xc::XSElementDeclaration* decl = particle->getElementTerm();
        const std::string name = utf8(decl->getName());
        for (JsonMember& member : parent.children) {
          // The same name twice in one content model (e.g. in two branches): one member, an
          // array when either place lets it repeat.
          if (member.shape->name == name) {
            member.repeated = true;
            return;
          }
        }
        parent.children.push_back(JsonMember{element(decl, depth + 1), repeated, !optional});
        return;
      }
      case xc::XSParticle::TERM_MODELGROUP: {
        xc::XSModelGroup* group = particle->getModelGroupTerm();
        const bool choice = group->getCompositor() == xc::XSModelGroup::COMPOSITOR_CHOICE;
        xc::XSParticleList* particles = group->getParticles();
        if (particles == nullptr) return;
        for (XMLSize_t k = 0; k < particles->size(); ++k) {
          collect(particles->elementAt(k), optional || choice, repeated, depth, parent);
        }
        return;
      }
      default:
        return;  // wildcards are not mapped
    }
  }

  std::vector<std::unique_ptr<JsonShape>>& owner_;
  std::unordered_map<xc::XSElementDeclaration*, const JsonShape*> built_;
};

}  // namespace

JsonMapping::JsonMapping(const xml::SchemaSet& schemas) {
  bool changed = false;
  // A locked pool holds one XSModel for its life, built when it was locked; reading it is safe.
  xc::XSModel* model = schemas.pool()->getXSModel(changed);
  if (model == nullptr) return;
  xc::XSNamedMap<xc::XSObject>* elements =
      model->getComponents(xc::XSConstants::ELEMENT_DECLARATION);
  if (elements == nullptr) return;
  ShapeBuilder builder(shapes_);
  for (XMLSize_t k = 0; k < elements->getLength(); ++k) {
    auto* decl = static_cast<xc::XSElementDeclaration*>(elements->item(k));
    const JsonShape* shape = builder.element(decl, 0);
    roots_["{" + shape->ns + "}" + shape->name] = shape;
  }
}

const JsonShape* JsonMapping::root(std::string_view ns, std::string_view local) const {
  std::string key;
  key.append("{").append(ns).append("}").append(local);
  auto it = roots_.find(key);
  return it == roots_.end() ? nullptr : it->second;
}

}  // namespace renkei::rest
