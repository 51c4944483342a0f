#include "broker/wssec/broker_signer.h"
#include "broker/core/utc_timestamp.h"

#include <ctime>
#include <stdexcept>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <xercesc/dom/DOM.hpp>
#include <xercesc/framework/MemBufFormatTarget.hpp>
#include <xsec/dsig/DSIGConstants.hpp>
#include <xsec/dsig/DSIGReference.hpp>
#include <xsec/dsig/DSIGSignature.hpp>
#include <xsec/enc/OpenSSL/OpenSSLCryptoKeyEC.hpp>
#include <xsec/enc/OpenSSL/OpenSSLCryptoKeyRSA.hpp>
#include <xsec/enc/XSECCryptoException.hpp>
#include <xsec/framework/XSECException.hpp>
#include <xsec/framework/XSECProvider.hpp>

#include "broker/wssec/dom_attr.h"
#include "broker/wssec/wssec_names.h"
#include "broker/wssec/xsec_runtime.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei::wssec {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;

constexpr std::string_view kXmlnsNs = "http://www.w3.org/2000/xmlns/";
constexpr int kTimestampSeconds = 300;

std::string base64(const unsigned char* data, int size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, size);
  out.resize(n);
  return out;
}

// Builds elements in one document with UTF-8 names and values.
class Builder {
 public:
  explicit Builder(xc::DOMDocument* doc) : doc_(doc) {}
  xc::DOMElement* element(std::string_view ns, std::string_view qname) {
    const std::u16string n = xml::fromUtf8(ns);
    const std::u16string q = xml::fromUtf8(qname);
    return doc_->createElementNS(xmlch(n), xmlch(q));
  }
  void attribute(xc::DOMElement* e, std::string_view ns, std::string_view qname,
                 std::string_view value) {
    const std::u16string n = xml::fromUtf8(ns);
    const std::u16string q = xml::fromUtf8(qname);
    const std::u16string v = xml::fromUtf8(value);
    e->setAttributeNS(ns.empty() ? nullptr : xmlch(n), xmlch(q), xmlch(v));
  }
  xc::DOMElement* text(xc::DOMElement* e, std::string_view value) {
    const std::u16string v = xml::fromUtf8(value);
    e->appendChild(doc_->createTextNode(xmlch(v)));
    return e;
  }

 private:
  xc::DOMDocument* doc_;
};

std::string serialize(xc::DOMDocument* doc) {
  xc::DOMImplementation* impl = doc->getImplementation();
  std::unique_ptr<xc::DOMLSSerializer, void (*)(xc::DOMLSSerializer*)> writer(
      impl->createLSSerializer(), [](xc::DOMLSSerializer* w) { w->release(); });
  std::unique_ptr<xc::DOMLSOutput, void (*)(xc::DOMLSOutput*)> output(
      impl->createLSOutput(), [](xc::DOMLSOutput* o) { o->release(); });
  xc::MemBufFormatTarget target;
  const std::u16string utf8 = xml::fromUtf8("UTF-8");
  output->setEncoding(xmlch(utf8));
  output->setByteStream(&target);
  writer->write(doc, output.get());
  return std::string(reinterpret_cast<const char*>(target.getRawBuffer()), target.getLen());
}

}  // namespace

std::unique_ptr<BrokerSigner> BrokerSigner::fromFiles(const std::string& key_file,
                                                      const std::string& cert_file) {
  std::unique_ptr<BrokerSigner> signer(new BrokerSigner());
  std::unique_ptr<FILE, int (*)(FILE*)> key_in(std::fopen(key_file.c_str(), "r"), &std::fclose);
  if (!key_in) throw std::runtime_error(key_file + ": cannot open the broker signing key");
  signer->key_ = PEM_read_PrivateKey(key_in.get(), nullptr, nullptr, nullptr);
  if (signer->key_ == nullptr) {
    throw std::runtime_error(key_file + ": not a PEM private key");
  }
  const int type = EVP_PKEY_base_id(signer->key_);
  if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC) {
    throw std::runtime_error(key_file + ": the broker signing key must be RSA or EC");
  }
  signer->ec_ = type == EVP_PKEY_EC;

  std::unique_ptr<FILE, int (*)(FILE*)> cert_in(std::fopen(cert_file.c_str(), "r"), &std::fclose);
  if (!cert_in) throw std::runtime_error(cert_file + ": cannot open the broker certificate");
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_X509(cert_in.get(), nullptr, nullptr, nullptr), &X509_free);
  if (!cert) throw std::runtime_error(cert_file + ": not a PEM certificate");
  if (X509_check_private_key(cert.get(), signer->key_) != 1) {
    throw std::runtime_error(cert_file + ": the certificate does not match " + key_file);
  }
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert.get(), &der);
  if (len <= 0) throw std::runtime_error(cert_file + ": cannot encode the certificate");
  signer->cert_base64_ = base64(der, len);
  OPENSSL_free(der);
  return signer;
}

BrokerSigner::~BrokerSigner() { EVP_PKEY_free(key_); }

std::optional<std::string> BrokerSigner::sign(xml::ParsedEnvelope& envelope,
                                              std::string& error) const {
  ensureXsecInitialized();
  xc::DOMElement* root = envelope.envelopeElement();
  xc::DOMDocument* doc = root->getOwnerDocument();
  Builder b(doc);
  xc::DOMElement* header = envelope.soapHeader();
  if (header == nullptr) {
    error = "broker signing needs a SOAP Header";
    return std::nullopt;
  }

  // <wsse:Security soap:actor|role="urn:renkei:broker">. It declares the prefixes it uses
  // itself, so its canonical form and the serialized bytes agree wherever it sits.
  xc::DOMElement* security = b.element(kWsseNs, "wsse:Security");
  b.attribute(security, kXmlnsNs, "xmlns:wsse", kWsseNs);
  b.attribute(security, kXmlnsNs, "xmlns:wsu", kWsuNs);
  b.attribute(security, kXmlnsNs, "xmlns:soap", envelope.envelopeNamespace());
  const bool soap12 = envelope.soapVersion() == SoapVersion::k12;
  b.attribute(security, envelope.envelopeNamespace(), soap12 ? "soap:role" : "soap:actor",
              kBrokerActor);
  xc::DOMElement* token = b.element(kWsseNs, "wsse:BinarySecurityToken");
  b.attribute(token, "", "EncodingType", kBase64EncodingType);
  b.attribute(token, "", "ValueType", kX509v3ValueType);
  b.attribute(token, kWsuNs, "wsu:Id", "renkei-broker-token");
  security->appendChild(b.text(token, cert_base64_));
  const std::time_t now = std::time(nullptr);
  xc::DOMElement* timestamp = b.element(kWsuNs, "wsu:Timestamp");
  timestamp->appendChild(b.text(b.element(kWsuNs, "wsu:Created"), utcTimestamp(now)));
  timestamp->appendChild(
      b.text(b.element(kWsuNs, "wsu:Expires"), utcTimestamp(now + kTimestampSeconds)));
  security->appendChild(timestamp);
  // First in the header: a receiver's verifier that takes the first ds:Signature finds ours.
  header->insertBefore(security, header->getFirstChild());

  try {
    XSECProvider provider;
    DSIGSignature* signature = provider.newSignature();
    struct Release {
      XSECProvider& p;
      DSIGSignature* s;
      ~Release() { p.releaseSignature(s); }
    } release{provider, signature};
    const std::u16string ds = xml::fromUtf8("ds");
    signature->setDSIGNSPrefix(xmlch(ds));
    xc::DOMElement* node =
        signature->createBlankSignature(doc, DSIGConstants::s_unicodeStrURIEXC_C14N_NOC,
                                        ec_ ? DSIGConstants::s_unicodeStrURIECDSA_SHA256
                                            : DSIGConstants::s_unicodeStrURIRSA_SHA256);
    security->appendChild(node);
    // The whole envelope minus this signature: Body, platform header, the sender's own
    // security header and the broker's token and timestamp.
    const std::u16string whole = xml::fromUtf8("");
    DSIGReference* ref =
        signature->createReference(xmlch(whole), DSIGConstants::s_unicodeStrURISHA256);
    ref->appendEnvelopedSignatureTransform();
    ref->appendCanonicalizationTransform(DSIGConstants::s_unicodeStrURIEXC_C14N_NOC);
    // The xml-security-c key takes its own reference to key_; the signature owns and frees it.
    if (ec_) {
      signature->setSigningKey(new OpenSSLCryptoKeyEC(key_));
    } else {
      signature->setSigningKey(new OpenSSLCryptoKeyRSA(key_));
    }
    signature->sign();

    // KeyInfo after signing (it is not signed): a reference to the token, as units send it.
    xc::DOMElement* key_info = b.element(kDsigNs, "ds:KeyInfo");
    xc::DOMElement* str = b.element(kWsseNs, "wsse:SecurityTokenReference");
    xc::DOMElement* reference = b.element(kWsseNs, "wsse:Reference");
    b.attribute(reference, "", "URI", "#renkei-broker-token");
    b.attribute(reference, "", "ValueType", kX509v3ValueType);
    str->appendChild(reference);
    key_info->appendChild(str);
    node->appendChild(key_info);
  } catch (const XSECException& e) {
    error = "broker signing failed: " + xml::toUtf8(e.getMsg());
    return std::nullopt;
  } catch (const XSECCryptoException& e) {
    error = std::string("broker signing failed: ") + e.getMsg();
    return std::nullopt;
  }
  return serialize(doc);
}

}  // namespace renkei::wssec
