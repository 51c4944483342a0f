#pragma once
// The broker's configuration after validation: every field has its value, paths are absolute.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/config/federation_config.h"
#include "broker/config/notify_config.h"
#include "broker/config/rest_config.h"
#include "broker/config/signature_config.h"
#include "broker/core/registry_types.h"
#include "broker/registry/link_governance.h"
#include "broker/registry/unit_identity.h"
#include "broker/tls/tls_settings.h"
#include "broker/xml/element_name.h"

namespace renkei {

// A configuration problem, worded for the operator: "config/x.xml:12:7: element 'link':
// attribute 'status' ...".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A link of <links> the configuration declares beyond proposed but cannot vouch for.
struct UnvouchedLink {
  std::size_t link_index = 0;  // into BrokerConfig::registry.links
  LinkStatus declared = LinkStatus::kActive;
  std::string where;   // "renkei.xml: link #3 (062022/juki -> 062022/kokuho, Svc)"
  std::string reason;  // "the configuration names no approver for it (...)"
};

struct BrokerConfig {
  std::string source_file;

  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  int workers = 64;
  // Workers running at once when none is waiting on a unit (WorkerPool's running limit);
  // 0: no limit. <listen activeWorkers>, default 4 per CPU core.
  int active_workers = 8;
  int queue_capacity = 256;
  int idle_timeout_s = 30;
  int request_timeout_ms = 10000;
  int max_queue_wait_ms = 2000;
  int max_connections = 10000;
  int max_connections_per_peer = 2000;
  TlsServerSettings listen_tls;  // <listen><tls>: off when absent

  std::string store_kind = "sqlite";
  std::string store_path;              // sqlite: absolute file path
  std::string store_conninfo;          // postgresql: libpq connection string
  std::string store_migrate_conninfo;  // postgresql: the schema owner's; "" = migrate as serving
  int registry_poll_ms = 250;
  int audit_commit_delay_us = 500;  // group commit: wait for companions while the cores are busy
  int audit_timeout_ms = 3000;  // longest wait for an audit commit before Server.AuditUnavailable

  std::string instance_id;     // always set: configured or host name + port
  std::string checkpoint_key;  // absolute path; "" = no signed checkpoints
  int64_t checkpoint_every_records = 1000;
  int checkpoint_every_seconds = 60;
  std::string tsa_url;  // "" = no RFC 3161 timestamps on checkpoints
  int tsa_timeout_ms = 5000;

  // <archive>: encrypted copies of request and response bodies (docs/archive.md). Absolute
  // paths; archive_dir "" = no archive.
  std::string archive_dir;
  std::string archive_key;

  bool admin_enabled = true;
  std::string admin_host = "127.0.0.1";
  int admin_port = 8081;
  TlsServerSettings admin_tls;  // <admin><tls>
  // Host header names the admin listener answers (DNS rebinding defence), without ports.
  std::vector<std::string> admin_allowed_hosts;

  size_t max_message_bytes = 4 * 1024 * 1024;
  int max_depth = 64;
  int max_attributes = 64;

  long connect_timeout_ms = 2000;
  long timeout_ms = 10000;
  size_t max_response_bytes = 8 * 1024 * 1024;
  int max_concurrent_per_receiver = 16;  // bulkhead and circuit breaker per receiver unit
  int max_queued_per_receiver = 32;
  int breaker_failures = 5;
  long breaker_open_ms = 5000;
  TlsClientSettings forward_tls;  // <forwarding><tls>: towards units with https endpoints

  // Freshness and replay (<replay>): a Timestamp further than this from the broker's clock is
  // Client.StaleMessage; a (sender, MessageId) seen within twice this is Client.DuplicateMessage.
  bool replay_check = true;
  int max_clock_skew_s = 300;

  // <log access>: "" (off), "stderr", or an absolute file path (resolved against the config).
  std::string access_log;

  bool validate_messages = true;  // <schemas validate>: off only for measuring its cost
  std::string xsd_dir;
  std::string wsdl_dir;

  SignatureConfig signatures;  // <signatures> and each <unit signingCertSha256>
  // <privacy><sensitive>: elements whose values the broker never repeats (faults, audit, logs).
  std::vector<xml::ElementName> sensitive_elements;

  // <mynumber gatewayUnit>: messages to this unit are refused when they carry a 個人番号
  // (PersonalNumberGuardStage). "" = no My Number gateway.
  std::string mynumber_gateway_unit;
  // <mynumber recordsEndpoint>, else the gateway unit's endpoint: where the admin web view reads
  // a person's 情報提供等記録 (TeikyoKirokuShokai).
  std::string mynumber_records_endpoint;
  // <mynumber recordRetentionYears>: how long the gateway keeps its 情報提供等記録 (番号法施行令
  // 第29条: seven years); older ones are purged (adapters/mynumber/record_retention.h).
  int mynumber_record_retention_years = 7;

  // 通知: topics (services of kind="notification") and <notifications> delivery settings.
  NotifyConfig notify;

  // <federation>: peer brokers in other clouds and the units they host (docs/federation.md).
  FederationConfig federation;

  // <rest>: the REST/JSON bridge's audience and JWT clients (docs/rest.md).
  RestConfig rest;

  RegistrySnapshot registry;  // units, services and links to seed the store with
  // <links legalBasisPlaceholders>: what no link may be approved or activated on.
  GovernanceRules governance;
  // Links declared approved, active or suspended that are seeded as proposed instead (no
  // approver named, or no real legal basis); see describeUnvouchedLinks (config_changes.h).
  std::vector<UnvouchedLink> unvouched_links;
  // Each unit's connection policy (how it proves who it is) and forwarding pin, from <unit>.
  std::vector<UnitIdentity> unit_identities;
};

}  // namespace renkei
