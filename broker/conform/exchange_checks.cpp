#include "broker/conform/exchange_checks.h"

#include <cstdio>

#include "broker/core/platform_header.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/parsed_envelope.h"

namespace renkei::conform {
namespace {

using XERCES_CPP_NAMESPACE::DOMElement;

struct Judge {
  ExchangeRecord& record;
  void expect(const std::string& what, bool held, const std::string& problem) {
    record.check(what, held, problem);
  }
};

std::string faultReason(const DOMElement* fault) {
  for (const DOMElement* child : xml::childElements(fault)) {
    const std::string name = xml::localName(child);
    if (name == "faultstring") return xml::textOf(child);
    if (name == "Reason") {
      for (const DOMElement* t : xml::childElements(child)) return xml::textOf(t);
    }
  }
  return "(no reason)";
}

void leafTexts(const DOMElement* e, std::vector<std::pair<std::string, std::string>>& out) {
  auto children = xml::childElements(e);
  if (children.empty()) out.emplace_back(xml::localName(e), xml::textOf(e));
  for (const DOMElement* c : children) leafTexts(c, out);
}

// The leaf value most like `want` (longest common prefix), to show what came instead.
std::string closest(const DOMElement* body, const std::string& want) {
  std::vector<std::pair<std::string, std::string>> leaves;
  leafTexts(body, leaves);
  size_t best = 0;
  std::string found;
  for (const auto& [name, text] : leaves) {
    size_t n = 0;
    while (n < text.size() && n < want.size() && text[n] == want[n]) ++n;
    if (n > best) {
      best = n;
      found = name + " = \"" + text + "\" (" + codePoints(text) + ")";
    }
  }
  return found.empty() ? "no element value resembles it" : "closest: " + found;
}

std::string sentVersion(bool soap12) { return soap12 ? "SOAP 1.2" : "SOAP 1.1"; }

void judgeVersion(Judge& j, const ExchangeContext& c, const HttpReply& reply,
                  const xml::ParsedEnvelope& env) {
  const bool got12 = env.soapVersion() == SoapVersion::k12;
  const std::string want_type = c.soap12 ? "application/soap+xml" : "text/xml";
  const bool type_ok = reply.content_type.rfind(want_type, 0) == 0;
  j.expect("the reply is " + sentVersion(c.soap12) + " (" + want_type + "), like the request",
           got12 == c.soap12 && type_ok,
           "the " + sentVersion(c.soap12) + " request got a " + sentVersion(got12) +
               (env.isFault() ? " fault" : " answer") + " with Content-Type \"" +
               reply.content_type + "\"");
  if (c.expect.fault && c.soap12 && got12) {
    j.expect("HTTP 400 (env:Sender) or 500 for a SOAP 1.2 fault",
             reply.status == 400 || reply.status == 500,
             "HTTP " + std::to_string(reply.status) + " for a SOAP 1.2 fault");
  }
}

void judgeAnswer(Judge& j, const ExchangeContext& c, const xml::ParsedEnvelope& env) {
  const DOMElement* root = env.bodyRoot();
  const auto& e = c.expect;
  if (e.answer_element) {
    const QName got{xml::namespaceOf(root), xml::localName(root)};
    j.expect("the body is " + c.operation.response.text() + ", the output of " + c.operation.name +
                 " in the WSDL",
             got == c.operation.response,
             "the body is " + got.text() + ", but the WSDL declares " +
                 c.operation.response.text() + " as the output of " + c.operation.name);
  }
  if (e.schema_valid) {
    std::string first;
    if (!env.issues().empty()) {
      const auto& i = env.issues().front();
      first = "line " + std::to_string(i.line) + ", column " + std::to_string(i.column) + ", " +
              i.element_path + ": " + i.message;
      if (env.issues().size() > 1)
        first += " (and " + std::to_string(env.issues().size() - 1) + " more)";
    } else if (!env.wasDeclared(root)) {
      first = "the body element " + xml::qualifiedName(root) +
              " is declared by no platform schema, so nothing in it could be validated";
    } else if (env.headerBlock() == nullptr) {
      first = "the answer has no hdr:PlatformHeader";
    }
    j.expect("the answer is valid against the platform schemas", first.empty(), first);
  }
  const auto field = [&](const char* name) { return env.headerField(name).value_or(""); };
  const auto sent = [&](const char* name) {
    auto it = c.sent_header.find(name);
    return it == c.sent_header.end() ? std::string() : it->second;
  };
  if (e.correlation) {
    const auto corr = env.headerField("CorrelationId");
    j.expect(
        "CorrelationId = the request's MessageId " + sent("MessageId"),
        corr && *corr == sent("MessageId"),
        corr ? "CorrelationId is " + *corr + ", the request's MessageId was " + sent("MessageId")
             : "the answer's PlatformHeader has no CorrelationId (the request's MessageId "
               "was " +
                   sent("MessageId") + ")");
    j.expect("a MessageId of its own",
             !field("MessageId").empty() && field("MessageId") != sent("MessageId"),
             "the answer's MessageId is \"" + field("MessageId") +
                 "\": it must be a new UUID, not empty or the request's");
  }
  if (e.routing) {
    for (auto [answer, request] :
         {std::pair{"Sender", "Receiver"}, std::pair{"Receiver", "Sender"},
          std::pair{"ServiceName", "ServiceName"}, std::pair{"ServiceVersion", "ServiceVersion"}}) {
      j.expect(std::string(answer) + " = the request's " + request + " " + sent(request),
               field(answer) == sent(request),
               std::string("the answer's ") + answer + " is \"" + field(answer) +
                   "\", expected the request's " + request + " \"" + sent(request) + "\"");
    }
  }
  if (e.text) {
    const std::string text = xml::textOf(env.body());
    for (const std::string& want : c.text_expected) {
      j.expect("the answer contains \"" + want + "\" unchanged (" + codePoints(want) + ")",
               text.find(want) != std::string::npos,
               "\"" + want + "\" (" + codePoints(want) + ") is not in the answer; " +
                   closest(env.body(), want));
    }
  }
}

}  // namespace

std::string codePoints(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = s[i];
    const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    unsigned cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%sU+%04X", out.empty() ? "" : " ", cp);
    out += buf;
    i += len;
  }
  return out;
}

void judgeReply(const ExchangeContext& c, const HttpReply& reply, ExchangeRecord& record) {
  Judge j{record};
  if (reply.status == 0) {
    j.expect(c.expect.fault ? "a SOAP Fault" : "an answer", false,
             "no HTTP answer: " + reply.error);
    return;
  }
  xml::ParserLimits limits;
  limits.max_bytes = 64 * 1024 * 1024;
  xml::ParseResult parsed = xml::HardenedParser::forThisThread(c.schemas, limits).parse(reply.body);
  xml::EnvelopeResult env;
  if (parsed.ok()) env = xml::ParsedEnvelope::fromDocument(std::move(parsed.document));
  const std::string status = "HTTP " + std::to_string(reply.status);
  if (!env.envelope) {
    const std::string why = parsed.fault ? parsed.fault->reason : env.fault->reason;
    j.expect(c.expect.fault ? "a SOAP Fault envelope" : "a SOAP envelope", false,
             status + " with a body that is no SOAP envelope: " + why);
    return;
  }
  const xml::ParsedEnvelope& e = *env.envelope;
  if (c.expect.fault) {
    j.expect("a SOAP Fault, not an answer", e.isFault(),
             status + " with an answer (" + xml::qualifiedName(e.bodyRoot()) +
                 "): the unit processed a request it must refuse");
    if (e.isFault()) {  // an answer instead of a fault is already the finding above
      j.expect("HTTP 400 or 500, not 200", reply.status == 400 || reply.status == 500,
               status +
                   " for a refused request (SOAP over HTTP: 500, or 400 for a SOAP 1.2 "
                   "Sender fault)");
    }
  } else {
    j.expect("HTTP 200 with an answer", reply.status == 200 && !e.isFault(),
             e.isFault() ? status + " with a SOAP Fault: " + faultReason(e.bodyRoot())
                         : status + " with an answer; a SOAP answer is HTTP 200");
    if (e.isFault()) return;  // the answer's own checks would only repeat this
    judgeAnswer(j, c, e);
  }
  if (c.expect.same_soap_version) judgeVersion(j, c, reply, e);
}

}  // namespace renkei::conform
