#include "broker/admin/mynumber_records_client.h"

#include <curl/curl.h>

#include <xercesc/dom/DOM.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/parsers/XercesDOMParser.hpp>
#include <xercesc/util/SecurityManager.hpp>

#include <algorithm>
#include <memory>

#include "broker/core/random_uuid.h"
#include "broker/core/tenant_code.h"
#include "broker/notify/notify_clock.h"
#include "broker/reports/report_time.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/prolog_scan.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::admin {
namespace xc = XERCES_CPP_NAMESPACE;
namespace {

constexpr const char* kGatewayNs = "urn:renkei:mynumber:gateway:v1";
constexpr std::size_t kMaxAnswerBytes = 8 * 1024 * 1024;

// The broker itself asks, not a business unit: a sender id in the gateway's tenant that no
// unit of the registry uses, so the gateway's own log tells the two apart.
std::string request(const std::string& gateway_unit, const std::string& atena_no) {
  const std::string tenant(tenantOfUnit(gateway_unit));
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:hdr="urn:renkei:platform:header:v1" xmlns:mng="urn:renkei:mynumber:gateway:v1">
<soapenv:Header><hdr:PlatformHeader><hdr:MessageId>)" +
         newRandomUuid() + "</hdr:MessageId><hdr:Sender>" + tenant +
         "/renkei-admin</hdr:Sender><hdr:Receiver>" + gateway_unit +
         "</hdr:Receiver><hdr:ServiceName>TeikyoKirokuShokai</hdr:ServiceName>"
         "<hdr:ServiceVersion>1</hdr:ServiceVersion><hdr:PurposeCode>JIKO-JOHO-KAIJI"
         "</hdr:PurposeCode><hdr:Timestamp>" +
         reports::formatIsoTimestamp(reports::currentTime()) +
         "</hdr:Timestamp><hdr:ProtocolVersion>1.0</hdr:ProtocolVersion></hdr:PlatformHeader>"
         "</soapenv:Header><soapenv:Body><mng:TeikyoKirokuShokaiRequest><mng:AtenaNo>" +
         atena_no +
         "</mng:AtenaNo></mng:TeikyoKirokuShokaiRequest></soapenv:Body>"
         "</soapenv:Envelope>";
}

size_t collect(char* data, size_t size, size_t count, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() + size * count > kMaxAnswerBytes) return 0;  // ends the transfer
  body->append(data, size * count);
  return size * count;
}

// Every element named `local` in the gateway's namespace under `root`, depth first.
void collectElements(xc::DOMElement* root, const char* local, std::vector<xc::DOMElement*>& found) {
  for (xc::DOMElement* child : xml::childElements(root)) {
    if (xml::isElement(child, kGatewayNs, local)) found.push_back(child);
    collectElements(child, local, found);
  }
}

std::string text(const xc::DOMElement* parent, const char* local) {
  return xml::childText(parent, kGatewayNs, local).value_or("");
}

}  // namespace

bool isAtenaNo(const std::string& text) {
  return text.size() == 15 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

DisclosureAnswer parseDisclosure(const std::string& soap_body) {
  xml::ensureXercesInitialized();
  DisclosureAnswer answer;
  // The platform's own prolog check first: no DOCTYPE, so nothing is resolved or expanded.
  if (xml::scanProlog(soap_body)) {
    answer.error = "the gateway's answer is not acceptable XML (empty, not UTF-8, or a DOCTYPE)";
    return answer;
  }
  xc::XercesDOMParser parser;
  xc::SecurityManager security;
  parser.setDoNamespaces(true);
  parser.setLoadExternalDTD(false);
  parser.setSecurityManager(&security);
  parser.setValidationScheme(xc::XercesDOMParser::Val_Never);
  xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(soap_body.data()), soap_body.size(),
                               "gateway-answer");
  try {
    parser.parse(source);
  } catch (...) {
    answer.error = "the gateway's answer is not XML";
    return answer;
  }
  xc::DOMDocument* doc = parser.getDocument();
  if (parser.getErrorCount() != 0 || doc == nullptr || doc->getDocumentElement() == nullptr) {
    answer.error = "the gateway's answer is not XML";
    return answer;
  }
  xc::DOMElement* root = doc->getDocumentElement();
  std::vector<xc::DOMElement*> found;
  collectElements(root, "TeikyoKirokuShokaiResponse", found);
  if (found.empty()) {
    const auto at = soap_body.find("faultstring>");
    answer.error = at == std::string::npos
                       ? "the gateway answered without a TeikyoKirokuShokaiResponse"
                       : "the gateway refused: " +
                             soap_body.substr(at + 12, soap_body.find('<', at + 12) - at - 12);
    return answer;
  }
  for (xc::DOMElement* kiroku : xml::childElements(found.front())) {
    if (!xml::isElement(kiroku, kGatewayNs, "Kiroku")) continue;
    DisclosedRecord record;
    record.shokai_no = text(kiroku, "ShokaiNo");
    record.requester = text(kiroku, "ShokaishaCode");
    record.provider = text(kiroku, "TeikyoshaCode");
    record.jimu_code = text(kiroku, "JimuCode");
    for (xc::DOMElement* item : xml::childElements(kiroku)) {
      if (xml::isElement(item, kGatewayNs, "TokuteiKojinJohoMeiCode"))
        record.items.push_back(xml::textOf(item));
    }
    record.requested_at = text(kiroku, "ShokaiDateTime");
    record.provided_at = text(kiroku, "TeikyoDateTime");
    record.result = text(kiroku, "Kekka");
    answer.records.push_back(std::move(record));
  }
  return answer;
}

DisclosureAnswer fetchDisclosure(const MyNumberGatewayAccess& gateway,
                                 const std::string& atena_no) {
  const std::string body = request(gateway.gateway_unit, atena_no);
  std::string received;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return {"cannot make an HTTP client", {}};
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: text/xml; charset=utf-8");
  headers = curl_slist_append(headers, "SOAPAction: \"\"");
  headers = curl_slist_append(headers, "Expect:");
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, gateway.endpoint.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(gateway.timeout_ms));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &received);
  if (!gateway.tls.ca_file.empty())
    curl_easy_setopt(c, CURLOPT_CAINFO, gateway.tls.ca_file.c_str());
  if (!gateway.tls.certificate_file.empty()) {
    curl_easy_setopt(c, CURLOPT_SSLCERT, gateway.tls.certificate_file.c_str());
    curl_easy_setopt(c, CURLOPT_SSLKEY, gateway.tls.key_file.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    return {
        "the gateway at " + gateway.endpoint + " could not be reached: " + curl_easy_strerror(rc),
        {}};
  }
  return parseDisclosure(received);
}

}  // namespace renkei::admin
