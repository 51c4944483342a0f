#include "broker/xml/xerces_lazy_state.h"

#include <set>

#include <xercesc/framework/XMLAttDefList.hpp>
#include <xercesc/util/regx/Op.hpp>
#include <xercesc/util/regx/RangeToken.hpp>
#include <xercesc/util/regx/RegularExpression.hpp>
#include <xercesc/validators/datatype/DatatypeValidatorFactory.hpp>
#include <xercesc/validators/datatype/ListDatatypeValidator.hpp>
#include <xercesc/validators/datatype/UnionDatatypeValidator.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaAttDef.hpp>

namespace renkei::xml {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

// The compiled program of a RegularExpression is protected; a pointer to member formed through
// a derived class reads it from any RegularExpression without touching its state.
struct CompiledRegex : xc::RegularExpression {
  static const xc::Op* program(const xc::RegularExpression& regex) {
    return regex.*(&CompiledRegex::fOperations);
  }
  static xc::RangeToken* firstChar(const xc::RegularExpression& regex) {
    return regex.*(&CompiledRegex::fFirstChar);
  }
};

// Likewise for a datatype's pattern, which only the validator itself may ask for.
struct PatternOf : xc::DatatypeValidator {
  static const xc::RegularExpression* regex(const xc::DatatypeValidator& dv) {
    return (dv.*(&PatternOf::getRegex))();
  }
};

class Warmer {
 public:
  void grammar(xc::SchemaGrammar& schema) {
    if (xc::RefHashTableOf<xc::ComplexTypeInfo>* types = schema.getComplexTypeRegistry()) {
      xc::RefHashTableOfEnumerator<xc::ComplexTypeInfo> each(types, false);
      while (each.hasMoreElements()) complexType(each.nextElement());
    }
    if (xc::DatatypeValidatorFactory* factory = schema.getDatatypeRegistry()) {
      validators(factory->getUserDefinedRegistry());
    }
    validators(xc::DatatypeValidatorFactory::getBuiltInRegistry());
    // Anonymous types hang off their element declarations.
    auto decls = schema.getElemEnumerator();
    while (decls.hasMoreElements()) {
      const xc::SchemaElementDecl& decl = decls.nextElement();
      if (xc::ComplexTypeInfo* type = decl.getComplexTypeInfo()) complexType(*type);
      validator(decl.getDatatypeValidator());
    }
  }

 private:
  void complexType(xc::ComplexTypeInfo& type) {
    if (!types_.insert(&type).second) return;
    type.getContentModel();
    type.getFormattedContentModel();
    xc::XMLAttDefList& attributes = type.getAttDefList();
    for (XMLSize_t i = 0; i < attributes.getAttDefCount(); ++i) {
      validator(static_cast<xc::SchemaAttDef&>(attributes.getAttDef(i)).getDatatypeValidator());
    }
    validator(type.getDatatypeValidator());
  }

  void validators(xc::RefHashTableOf<xc::DatatypeValidator>* table) {
    if (table == nullptr) return;
    xc::RefHashTableOfEnumerator<xc::DatatypeValidator> each(table, false);
    while (each.hasMoreElements()) validator(&each.nextElement());
  }

  void validator(xc::DatatypeValidator* dv) {
    for (; dv != nullptr && validators_.insert(dv).second; dv = dv->getBaseValidator()) {
      if (const xc::RegularExpression* regex = PatternOf::regex(*dv)) {
        if (xc::RangeToken* first = CompiledRegex::firstChar(*regex)) first->createMap();
        program(CompiledRegex::program(*regex));
      }
      if (dv->getType() == xc::DatatypeValidator::Union) {
        auto* members = static_cast<xc::UnionDatatypeValidator*>(dv)->getMemberTypeValidators();
        for (XMLSize_t i = 0; members != nullptr && i < members->size(); ++i) {
          validator(members->elementAt(i));
        }
      } else if (dv->getType() == xc::DatatypeValidator::List) {
        validator(static_cast<xc::ListDatatypeValidator*>(dv)->getItemTypeDTV());
      }
    }
  }

  void program(const xc::Op* op) {
    for (; op != nullptr && ops_.insert(op).second; op = op->getNextOp()) {
      switch (op->getOpType()) {
        case xc::Op::O_RANGE:
        case xc::Op::O_NRANGE:
          const_cast<xc::RangeToken*>(static_cast<const xc::RangeToken*>(op->getToken()))
              ->createMap();
          break;
        case xc::Op::O_UNION:
          for (XMLSize_t i = 0; i < op->getSize(); ++i) {
            program(static_cast<const xc::UnionOp*>(op)->elementAt(i));
          }
          break;
        case xc::Op::O_CLOSURE:
        case xc::Op::O_NONGREEDYCLOSURE:
        case xc::Op::O_FINITE_CLOSURE:
        case xc::Op::O_FINITE_NONGREEDYCLOSURE:
        case xc::Op::O_QUESTION:
        case xc::Op::O_NONGREEDYQUESTION:
          program(static_cast<const xc::ChildOp*>(op)->getChild());
          break;
        default:
          break;
      }
    }
  }

  std::set<const void*> types_;
  std::set<const void*> validators_;
  std::set<const void*> ops_;
};

}  // namespace

void buildLazyStateBeforeSharing(xc::SchemaGrammar& schema) { Warmer().grammar(schema); }

}  // namespace renkei::xml
