#include "broker/wssec/xsec_signature_check.h"

#include <xsec/dsig/DSIGSignature.hpp>
#include <xsec/enc/OpenSSL/OpenSSLCryptoX509.hpp>
#include <xsec/enc/XSECCryptoException.hpp>
#include <xsec/framework/XSECException.hpp>
#include <xsec/framework/XSECProvider.hpp>

#include "broker/wssec/dom_attr.h"
#include "broker/wssec/wssec_names.h"
#include "broker/wssec/xsec_runtime.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::wssec {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

class SignatureHandle {
 public:
  SignatureHandle(XSECProvider& provider, DSIGSignature* signature)
      : provider_(provider), signature_(signature) {}
  ~SignatureHandle() { provider_.releaseSignature(signature_); }
  SignatureHandle(const SignatureHandle&) = delete;
  SignatureHandle& operator=(const SignatureHandle&) = delete;
  DSIGSignature* operator->() const { return signature_; }

 private:
  XSECProvider& provider_;
  DSIGSignature* signature_;
};

}  // namespace

std::optional<std::string> checkXmlSignature(const SecurityHeader& header, X509* cert) {
  ensureXsecInitialized();
  // References resolve through DOM IDs only: xml-security-c's fallback of matching any
  // attribute called "Id" or "id" is turned off, so only the wsu:Id values checked for
  // uniqueness in findSecurityHeader can be referenced.
  const std::u16string ns = xml::fromUtf8(kWsuNs);
  const std::u16string id = xml::fromUtf8("Id");
  for (auto& [value, element] : header.ids) element->setIdAttributeNS(xmlch(ns), xmlch(id), true);

  try {
    XSECProvider provider;
    SignatureHandle signature(
        provider,
        provider.newSignatureFromDOM(header.signature->getOwnerDocument(), header.signature));
    signature->setIdByAttributeName(false);
    signature->load();
    OpenSSLCryptoX509 x509(cert);
    signature->setSigningKey(x509.clonePublicKey());
    if (signature->verify()) return std::nullopt;
    std::string why = xml::toUtf8(signature->getErrMsgs());
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return why.empty() ? "the signature does not verify" : why;
  } catch (const XSECException& e) {
    return "the signature cannot be checked: " + xml::toUtf8(e.getMsg());
  } catch (const XSECCryptoException& e) {
    return std::string("the signature cannot be checked: ") + e.getMsg();
  }
}

}  // namespace renkei::wssec
