#include "broker/config/config_changes.h"

#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace renkei {
namespace {

using Lines = std::vector<std::string>;

std::string joined(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string text;
  for (const std::string& item : items) {
    if (!text.empty()) text += separator;
    text += item;
  }
  return text;
}

// "name old -> new" for each field that differs; collected into one line per group.
class FieldDiff {
 public:
  template <typename T>
  FieldDiff& field(const char* name, const T& before, const T& after) {
    if (before == after) return *this;
    std::ostringstream text;
    text << name << " " << before << " -> " << after;
    changes_.push_back(text.str());
    return *this;
  }
  // For values that must not be repeated in a log (paths are fine; keys and passwords are not).
  FieldDiff& changed(const char* name, bool differs) {
    if (differs) changes_.push_back(std::string(name) + " changed");
    return *this;
  }
  bool any() const { return !changes_.empty(); }
  std::string text() const { return joined(changes_); }

 private:
  std::vector<std::string> changes_;
};

std::string linkKey(const Link& l) {
  return l.sender + " -> " + l.receiver + " " + l.service_name + ":" + l.service_version + " " +
         l.purpose_code;
}

// What a link in the file says; the store may hold something else for the same key.
auto linkFields(const Link& l) {
  return std::tie(l.purpose_name, l.legal_basis, l.status, l.valid_from, l.valid_to, l.cross_tenant,
                  l.data_items, l.department, l.vendor, l.review_date, l.note);
}

auto unitFields(const Unit& u) { return std::tie(u.tenant, u.name, u.endpoint, u.owner); }

auto identityFields(const UnitIdentity& i) {
  return std::tie(i.policy, i.cert_sha256, i.cert_subject, i.pinned_public_key, i.peer);
}

auto serviceFields(const ServiceDef& s) {
  return std::tie(s.request_ns, s.request_element, s.response_ns, s.response_element, s.wsdl_file);
}

// "added a, b; removed c; changed d" over two keyed collections, or "" when equal.
template <typename T, typename KeyOf, typename Same>
std::string keyedDiff(const std::vector<T>& before, const std::vector<T>& after, KeyOf key_of,
                      Same same) {
  std::map<std::string, const T*> old_by_key;
  for (const T& item : before) old_by_key[key_of(item)] = &item;
  std::vector<std::string> added, changed, removed;
  std::set<std::string> seen;
  for (const T& item : after) {
    const std::string key = key_of(item);
    seen.insert(key);
    const auto it = old_by_key.find(key);
    if (it == old_by_key.end()) {
      added.push_back(key);
    } else if (!same(*it->second, item)) {
      changed.push_back(key);
    }
  }
  for (const auto& [key, item] : old_by_key) {
    if (!seen.count(key)) removed.push_back(key);
  }
  std::vector<std::string> parts;
  if (!added.empty()) parts.push_back("added " + joined(added));
  if (!changed.empty()) parts.push_back("changed " + joined(changed));
  if (!removed.empty()) parts.push_back("removed " + joined(removed));
  return joined(parts, "; ");
}

std::string unitsDiff(const BrokerConfig& running, const BrokerConfig& next) {
  // A unit is its registry entry and its identity (connection policy, certificate, pin).
  std::map<std::string, const UnitIdentity*> old_identity;
  for (const UnitIdentity& i : running.unit_identities) old_identity[i.unit_id] = &i;
  std::map<std::string, const UnitIdentity*> new_identity;
  for (const UnitIdentity& i : next.unit_identities) new_identity[i.unit_id] = &i;
  const auto same = [&](const Unit& a, const Unit& b) {
    if (unitFields(a) != unitFields(b)) return false;
    const auto x = old_identity.find(a.id);
    const auto y = new_identity.find(b.id);
    if ((x == old_identity.end()) != (y == new_identity.end())) return false;
    return x == old_identity.end() || identityFields(*x->second) == identityFields(*y->second);
  };
  std::string text = keyedDiff(
      running.registry.units, next.registry.units, [](const Unit& u) { return u.id; }, same);
  if (text.find("removed ") != std::string::npos) {
    text +=
        " (a removed unit is no longer accepted as a sender; its registry entry and links "
        "stay in the store)";
  }
  return text;
}

std::string linksDiff(const BrokerConfig& running, const BrokerConfig& next) {
  std::string text =
      keyedDiff(running.registry.links, next.registry.links, linkKey,
                [](const Link& a, const Link& b) { return linkFields(a) == linkFields(b); });
  if (text.find("changed ") != std::string::npos || text.find("removed ") != std::string::npos) {
    text +=
        " (the registry keeps its own state of links it already has: change or retire them "
        "with `renkei links`)";
  }
  return text;
}

// Everything of <rest> a reload applies, keys included; compared, never printed.
std::string restFields(const RestConfig& rest) {
  std::string text = rest.enabled ? "on\n" : "off\n";
  text += rest.audience + "\n" + std::to_string(rest.max_clock_skew_s) + "\n" +
          std::to_string(rest.max_lifetime_s) + "\n";
  for (const RestClientConfig& c : rest.clients) {
    text += c.unit + "\n" + c.issuer + "\n" + c.algorithm + "\n" + c.secret + "\n" +
            c.public_key_pem + "\n";
  }
  for (const RestTargetConfig& t : rest.targets) {
    text +=
        t.unit + "\n" + t.endpoint + "\n" + t.issuer + "\n" + t.audience + "\n" + t.secret + "\n";
  }
  return text;
}

std::string sensitiveText(const std::vector<xml::ElementName>& names) {
  std::vector<std::string> items;
  for (const auto& name : names) items.push_back("{" + name.ns + "}" + name.local);
  return joined(items);
}

auto tlsServerFields(const TlsServerSettings& t) {
  return std::tie(t.enabled, t.certificate_file, t.key_file, t.ca_file, t.crl_file,
                  t.client_certificates);
}

auto tlsClientFields(const TlsClientSettings& t) {
  return std::tie(t.ca_file, t.certificate_file, t.key_file);
}

auto signatureFields(const SignatureConfig& s) {
  return std::tie(s.ca_file, s.crl_file, s.max_clock_skew_s, s.unit_cert_sha256, s.broker_key_file,
                  s.broker_cert_file);
}

bool sameTopics(const NotifyConfig& a, const NotifyConfig& b) {
  const auto fields = [](const NotificationTopic& t) {
    return std::tie(t.name, t.version, t.subject_ns, t.subject_element);
  };
  if (a.topics.size() != b.topics.size()) return false;
  for (std::size_t i = 0; i < a.topics.size(); ++i) {
    if (fields(a.topics[i]) != fields(b.topics[i])) return false;
  }
  return true;
}

bool sameNotify(const NotifyConfig& a, const NotifyConfig& b) {
  const auto fields = [](const NotifyConfig& n) {
    return std::tie(n.max_attempts, n.dead_letter_after_hours, n.retry_base_ms, n.retry_max_ms,
                    n.workers, n.max_in_flight_per_receiver, n.poll_ms);
  };
  return sameTopics(a, b) && fields(a) == fields(b);
}

bool sameFederation(const FederationConfig& a, const FederationConfig& b) {
  const auto fields = [](const FederationConfig& f) {
    const RegistrySnapshotConfig& s = f.registry_snapshot;
    return std::tie(f.enabled, f.self, f.listen, f.curve_secret_key, f.max_in_flight_per_peer,
                    f.workers, f.breaker_failures, f.breaker_open_ms, f.heartbeat_ms, s.role,
                    s.file, s.signing_key_file, s.validity_seconds, s.publish_every_seconds,
                    s.primary, s.primary_public_key_file, s.fetch_every_seconds);
  };
  const auto peer = [](const FederationPeer& p) {
    return std::tie(p.name, p.endpoint, p.curve_public_key, p.tenants, p.units);
  };
  if (fields(a) != fields(b) || a.peers.size() != b.peers.size()) return false;
  for (std::size_t i = 0; i < a.peers.size(); ++i) {
    if (peer(a.peers[i]) != peer(b.peers[i])) return false;
  }
  return true;
}

std::string storeText(const BrokerConfig& c) {
  // Never the PostgreSQL connection string: it may hold a password.
  return c.store_kind == "sqlite" ? "sqlite " + c.store_path : c.store_kind + " store";
}

}  // namespace

std::vector<std::string> describeReloadableChanges(const BrokerConfig& running,
                                                   const BrokerConfig& next) {
  Lines lines;
  const auto add = [&lines](const std::string& what, const std::string& text) {
    if (!text.empty()) lines.push_back(what + ": " + text);
  };
  add("units", unitsDiff(running, next));
  add("services", keyedDiff(
                      running.registry.services, next.registry.services,
                      [](const ServiceDef& s) { return s.name + ":" + s.version; },
                      [](const ServiceDef& a, const ServiceDef& b) {
                        return serviceFields(a) == serviceFields(b);
                      }));
  add("links in the file", linksDiff(running, next));
  FieldDiff limits;
  limits.field("maxMessageBytes", running.max_message_bytes, next.max_message_bytes)
      .field("maxDepth", running.max_depth, next.max_depth)
      .field("maxAttributes", running.max_attributes, next.max_attributes);
  add("limits", limits.text());
  FieldDiff forwarding;
  forwarding.field("connectTimeoutMs", running.connect_timeout_ms, next.connect_timeout_ms)
      .field("timeoutMs", running.timeout_ms, next.timeout_ms)
      .field("maxResponseBytes", running.max_response_bytes, next.max_response_bytes)
      .field("maxConcurrentPerReceiver", running.max_concurrent_per_receiver,
             next.max_concurrent_per_receiver)
      .field("maxQueuedPerReceiver", running.max_queued_per_receiver, next.max_queued_per_receiver)
      .field("breakerFailures", running.breaker_failures, next.breaker_failures)
      .field("breakerOpenMs", running.breaker_open_ms, next.breaker_open_ms)
      .changed("tls", tlsClientFields(running.forward_tls) != tlsClientFields(next.forward_tls));
  add("forwarding", forwarding.text());
  if (signatureFields(running.signatures) != signatureFields(next.signatures)) {
    add("signatures", "verification or broker signing settings changed");
  }
  add("privacy",
      running.sensitive_elements.size() == next.sensitive_elements.size() &&
              sensitiveText(running.sensitive_elements) == sensitiveText(next.sensitive_elements)
          ? ""
          : "sensitive elements now " + sensitiveText(next.sensitive_elements));
  if (restFields(running.rest) != restFields(next.rest)) {
    add("rest", next.rest.enabled ? "REST bridge clients, targets, keys or token policy changed"
                                  : "REST bridge removed (/api/v1/ answers 404)");
  }
  FieldDiff schemas;
  schemas.field("wsdlDir", running.wsdl_dir, next.wsdl_dir);
  add("schemas", schemas.text());
  return lines;
}

std::vector<std::string> keepRestartOnlySettings(const BrokerConfig& running, BrokerConfig& next) {
  Lines lines;
  // Each group: compare, report what is kept, and put the running value back into `next`.
  const auto keep = [&lines](bool differs, const std::string& line, auto restore) {
    if (!differs) return;
    lines.push_back(line);
    restore();
  };
  const BrokerConfig& r = running;
  BrokerConfig& n = next;
  keep(std::tie(r.listen_host, r.listen_port) != std::tie(n.listen_host, n.listen_port),
       "listen address change needs a restart; kept " + r.listen_host + ":" +
           std::to_string(r.listen_port),
       [&] { n.listen_host = r.listen_host, n.listen_port = r.listen_port; });
  FieldDiff engine;
  engine.field("workers", r.workers, n.workers)
      .field("activeWorkers", r.active_workers, n.active_workers)
      .field("queue", r.queue_capacity, n.queue_capacity)
      .field("idleTimeoutSeconds", r.idle_timeout_s, n.idle_timeout_s)
      .field("requestTimeoutMs", r.request_timeout_ms, n.request_timeout_ms)
      .field("maxQueueWaitMs", r.max_queue_wait_ms, n.max_queue_wait_ms)
      .field("maxConnections", r.max_connections, n.max_connections)
      .field("maxConnectionsPerPeer", r.max_connections_per_peer, n.max_connections_per_peer);
  keep(engine.any(),
       "listener settings change (" + engine.text() + ") needs a restart; kept the running ones",
       [&] {
         n.workers = r.workers, n.queue_capacity = r.queue_capacity;
         n.active_workers = r.active_workers;
         n.idle_timeout_s = r.idle_timeout_s, n.request_timeout_ms = r.request_timeout_ms;
         n.max_queue_wait_ms = r.max_queue_wait_ms, n.max_connections = r.max_connections;
         n.max_connections_per_peer = r.max_connections_per_peer;
       });
  keep(tlsServerFields(r.listen_tls) != tlsServerFields(n.listen_tls),
       "listener TLS change needs a restart; kept " +
           (r.listen_tls.enabled ? "TLS with " + r.listen_tls.certificate_file : "plain HTTP"),
       [&] { n.listen_tls = r.listen_tls; });
  // The store holds the placeholder words for every registry change (openStore sets them once).
  keep(r.governance.legal_basis_placeholders.words() !=
           n.governance.legal_basis_placeholders.words(),
       "links legalBasisPlaceholders change needs a restart; kept the running list",
       [&] { n.governance = r.governance; });
  keep(std::tie(r.store_kind, r.store_path, r.store_conninfo, r.store_migrate_conninfo,
                r.registry_poll_ms, r.audit_timeout_ms, r.audit_commit_delay_us) !=
           std::tie(n.store_kind, n.store_path, n.store_conninfo, n.store_migrate_conninfo,
                    n.registry_poll_ms, n.audit_timeout_ms, n.audit_commit_delay_us),
       "store change needs a restart; kept " + storeText(r), [&] {
         n.store_kind = r.store_kind, n.store_path = r.store_path;
         n.store_conninfo = r.store_conninfo, n.store_migrate_conninfo = r.store_migrate_conninfo;
         n.registry_poll_ms = r.registry_poll_ms, n.audit_timeout_ms = r.audit_timeout_ms;
         n.audit_commit_delay_us = r.audit_commit_delay_us;
       });
  keep(std::tie(r.admin_enabled, r.admin_host, r.admin_port, r.admin_allowed_hosts) !=
               std::tie(n.admin_enabled, n.admin_host, n.admin_port, n.admin_allowed_hosts) ||
           tlsServerFields(r.admin_tls) != tlsServerFields(n.admin_tls),
       "admin listener change needs a restart; kept " +
           (r.admin_enabled ? r.admin_host + ":" + std::to_string(r.admin_port) : "none"),
       [&] {
         n.admin_enabled = r.admin_enabled, n.admin_host = r.admin_host;
         n.admin_port = r.admin_port, n.admin_allowed_hosts = r.admin_allowed_hosts;
         n.admin_tls = r.admin_tls;
       });
  keep(r.instance_id != n.instance_id,
       "instance id change needs a restart (without <audit instanceId> it follows the host name "
       "and listen port); kept " +
           r.instance_id,
       [&] { n.instance_id = r.instance_id; });
  keep(std::tie(r.checkpoint_key, r.checkpoint_every_records, r.checkpoint_every_seconds, r.tsa_url,
                r.tsa_timeout_ms) != std::tie(n.checkpoint_key, n.checkpoint_every_records,
                                              n.checkpoint_every_seconds, n.tsa_url,
                                              n.tsa_timeout_ms),
       "audit checkpoint settings change needs a restart; kept " +
           (r.checkpoint_key.empty() ? std::string("no checkpoints")
                                     : "checkpoints signed with " + r.checkpoint_key),
       [&] {
         n.checkpoint_key = r.checkpoint_key;
         n.checkpoint_every_records = r.checkpoint_every_records;
         n.checkpoint_every_seconds = r.checkpoint_every_seconds;
         n.tsa_url = r.tsa_url, n.tsa_timeout_ms = r.tsa_timeout_ms;
       });
  keep(std::tie(r.archive_dir, r.archive_key) != std::tie(n.archive_dir, n.archive_key),
       "archive change needs a restart; kept " +
           (r.archive_dir.empty() ? std::string("no archive") : r.archive_dir),
       [&] { n.archive_dir = r.archive_dir, n.archive_key = r.archive_key; });
  keep(std::tie(r.replay_check, r.max_clock_skew_s) != std::tie(n.replay_check, n.max_clock_skew_s),
       "replay settings change needs a restart; kept " +
           (r.replay_check ? "maxClockSkewSeconds " + std::to_string(r.max_clock_skew_s)
                           : std::string("replay protection off")),
       [&] { n.replay_check = r.replay_check, n.max_clock_skew_s = r.max_clock_skew_s; });
  keep(r.access_log != n.access_log,
       "access log change needs a restart; kept " +
           (r.access_log.empty() ? std::string("none") : r.access_log),
       [&] { n.access_log = r.access_log; });
  keep(std::tie(r.xsd_dir, r.validate_messages) != std::tie(n.xsd_dir, n.validate_messages),
       "schema directory or validation change needs a restart; kept " + r.xsd_dir +
           (r.validate_messages ? "" : " (validation off)"),
       [&] { n.xsd_dir = r.xsd_dir, n.validate_messages = r.validate_messages; });
  keep(!sameNotify(r.notify, n.notify),
       "notification topics or delivery change needs a restart; kept " +
           std::to_string(r.notify.topics.size()) + " topics",
       [&] { n.notify = r.notify; });
  keep(!sameFederation(r.federation, n.federation),
       "federation change needs a restart; kept " +
           (r.federation.enabled ? "federation as " + r.federation.self : std::string("none")),
       [&] { n.federation = r.federation; });
  return lines;
}

std::string describeLinkSeeding(const RegistrySnapshot& stored,
                                const std::vector<Link>& file_links) {
  std::set<std::string> known;
  for (const Link& link : stored.links) known.insert(linkKey(link));
  std::vector<std::string> seeded;
  std::size_t kept = 0;
  for (const Link& link : file_links) {
    if (known.count(linkKey(link))) {
      ++kept;
    } else {
      seeded.push_back(linkKey(link) + " (" + linkStatusName(link.status) + ")");
    }
  }
  if (seeded.empty()) return "";
  std::string text =
      "links: " + std::to_string(seeded.size()) + " seeded from the file [" + joined(seeded) + "]";
  if (kept > 0) {
    text += "; " + std::to_string(kept) +
            " more in the file are already in the registry and keep their stored state";
  }
  return text;
}

std::vector<std::string> describeUnvouchedLinks(const BrokerConfig& config,
                                                const RegistrySnapshot& seeded) {
  std::vector<std::string> lines;
  for (const UnvouchedLink& unvouched : config.unvouched_links) {
    if (unvouched.link_index >= seeded.links.size()) continue;
    const Link& link = seeded.links[unvouched.link_index];
    if (link.status != LinkStatus::kProposed) continue;
    const std::string id = std::to_string(link.id);
    lines.push_back(unvouched.where + " is declared " + linkStatusName(unvouched.declared) +
                    " but is link " + id + ", proposed: " + unvouched.reason +
                    "; it carries no traffic until approved and activated (renkei links approve " +
                    id + ")");
  }
  return lines;
}

}  // namespace renkei
