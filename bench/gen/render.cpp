#include "render.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>
#include <ctime>

namespace kspan::gen {

std::string rfc3339(int64_t ns, int digits) {
  int64_t secs = ns / kSecond;
  int64_t frac = ns % kSecond;
  if (frac < 0) {
    frac += kSecond;
    --secs;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                        tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (digits == 6)
    n += std::snprintf(buf + n, sizeof buf - n, ".%06lld", static_cast<long long>(frac / 1000));
  else if (digits == 9)
    n += std::snprintf(buf + n, sizeof buf - n, ".%09lld", static_cast<long long>(frac));
  buf[n++] = 'Z';
  return std::string(buf, static_cast<size_t>(n));
}

uint64_t resource_version_at(int64_t ns) {
  // Microseconds since 2020: unique enough, and ordered like the events themselves.
  return static_cast<uint64_t>((ns - 1577836800LL * kSecond) / 1000);
}

namespace {

ojson managed_entry(const FieldsEntry& f) {
  ojson m;
  m["manager"] = f.manager;
  m["operation"] = f.operation;
  m["apiVersion"] = f.api_version;
  m["time"] = rfc3339(f.time_s * kSecond);
  m["fieldsType"] = "FieldsV1";
  m["fieldsV1"] = ojson::parse(f.fields);
  if (!f.subresource.empty()) m["subresource"] = f.subresource;
  return m;
}

ojson owner_ref(const Ref& r, bool controller) {
  ojson o;
  o["apiVersion"] = r.api_version;
  o["kind"] = r.kind;
  o["name"] = r.name;
  o["uid"] = r.uid;
  if (controller) {
    o["controller"] = true;
    o["blockOwnerDeletion"] = true;
  }
  return o;
}

ojson involved(const Ref& r, const std::string& field_path, uint64_t rv) {
  ojson o;
  o["kind"] = r.kind;
  if (!r.ns.empty()) o["namespace"] = r.ns;
  o["name"] = r.name;
  o["uid"] = r.uid;
  o["apiVersion"] = r.api_version;
  o["resourceVersion"] = std::to_string(rv);
  if (!field_path.empty()) o["fieldPath"] = field_path;
  return o;
}

std::string event_fields(const Event& e) {
  if (e.new_api)
    return R"({"f:action":{},"f:eventTime":{},"f:note":{},"f:reason":{},"f:regarding":{},"f:reportingController":{},"f:reportingInstance":{},"f:type":{}})";
  return R"({"f:count":{},"f:firstTimestamp":{},"f:involvedObject":{},"f:lastTimestamp":{},"f:message":{},"f:reason":{},"f:source":{"f:component":{},"f:host":{}},"f:type":{}})";
}

ojson container(const std::string& name, const std::string& image) {
  ojson c;
  c["name"] = name;
  c["image"] = image;
  c["ports"] = ojson::array({{{"containerPort", 8080}, {"name", "http"}, {"protocol", "TCP"}}});
  c["resources"] = {{"limits", {{"cpu", "500m"}, {"memory", "512Mi"}}}, {"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}}};
  c["terminationMessagePath"] = "/dev/termination-log";
  c["terminationMessagePolicy"] = "File";
  c["imagePullPolicy"] = "IfNotPresent";
  return c;
}

ojson labels_of(const Object& o) {
  ojson l = ojson::object();
  for (const auto& [k, v] : o.labels) l[k] = v;
  return l;
}

}  // namespace

ojson render_event(const Event& e, int count, uint64_t rv) {
  const int64_t first = e.times.front();
  const int64_t last = e.times[static_cast<size_t>(count - 1)];
  ojson j;
  j["kind"] = "Event";
  j["apiVersion"] = "v1";
  ojson md;
  md["name"] = e.name;
  md["namespace"] = e.ns;
  md["uid"] = e.uid;
  md["resourceVersion"] = std::to_string(rv);
  md["creationTimestamp"] = rfc3339(first);
  FieldsEntry f{e.new_api ? "kube-scheduler" : (e.component == "kubelet" ? "kubelet" : "kube-controller-manager"),
                "Update", "", e.new_api ? "events.k8s.io/v1" : "v1", last / kSecond, event_fields(e)};
  md["managedFields"] = ojson::array({managed_entry(f)});
  j["metadata"] = std::move(md);
  j["involvedObject"] = involved(e.involved, e.field_path, resource_version_at(first) - 3);
  j["reason"] = e.reason;
  j["message"] = e.message;
  if (e.new_api) {
    j["source"] = ojson::object();
    j["firstTimestamp"] = nullptr;
    j["lastTimestamp"] = nullptr;
    j["type"] = e.warning ? "Warning" : "Normal";
    j["eventTime"] = rfc3339(first, 6);
    if (count > 1)
      j["series"] = {{"count", count}, {"lastObservedTime", rfc3339(last, 6)}};
    j["action"] = e.action;
    j["reportingComponent"] = e.component;
    j["reportingInstance"] = e.reporting_instance;
  } else {
    ojson src;
    src["component"] = e.component;
    if (!e.host.empty()) src["host"] = e.host;
    j["source"] = std::move(src);
    j["firstTimestamp"] = rfc3339(first);
    j["lastTimestamp"] = rfc3339(last);
    j["count"] = count;
    j["type"] = e.warning ? "Warning" : "Normal";
    j["eventTime"] = nullptr;
    j["reportingComponent"] = e.component == "kubelet" ? "kubelet" : "";
    j["reportingInstance"] = e.component == "kubelet" ? e.host : "";
  }
  return j;
}

ojson render_object(const Object& o, size_t version, uint64_t rv) {
  const ObjectVersion& v = o.versions[version];
  const std::string& kind = o.ref.kind;
  ojson j;
  j["apiVersion"] = o.ref.api_version;
  j["kind"] = kind;
  ojson md;
  md["name"] = o.ref.name;
  if (!o.ref.ns.empty()) md["namespace"] = o.ref.ns;
  md["uid"] = o.ref.uid;
  md["resourceVersion"] = std::to_string(rv);
  if (kind != "Pod" && kind != "Node") md["generation"] = v.generation;
  md["creationTimestamp"] = rfc3339(o.created_ns);
  if (!o.labels.empty()) md["labels"] = labels_of(o);
  if (kind == "Deployment") {
    md["annotations"] = {{"deployment.kubernetes.io/revision", std::to_string(v.generation)},
                         {"kubectl.kubernetes.io/last-applied-configuration",
                          "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"" +
                              o.ref.name + "\",\"namespace\":\"" + o.ref.ns + "\"},\"spec\":{\"replicas\":" +
                              std::to_string(v.replicas) + ",\"template\":{\"spec\":{\"containers\":[{\"image\":\"" +
                              v.image + "\",\"name\":\"" + o.container + "\"}]}}}}\n"}};
  } else if (kind == "ReplicaSet") {
    md["annotations"] = {{"deployment.kubernetes.io/desired-replicas", std::to_string(v.replicas)},
                         {"deployment.kubernetes.io/max-replicas", std::to_string(v.replicas + 1)},
                         {"deployment.kubernetes.io/revision", "1"}};
  }
  if (!o.owners.empty()) {
    ojson owners = ojson::array();
    for (size_t i = 0; i < o.owners.size(); ++i) owners.push_back(owner_ref(o.owners[i], i == 0));
    md["ownerReferences"] = std::move(owners);
  }
  if (kind == "Pod" && !o.owners.empty()) md["generateName"] = o.ref.name.substr(0, o.ref.name.rfind('-') + 1);
  ojson managed = ojson::array();
  for (const auto& f : v.managed) managed.push_back(managed_entry(f));
  md["managedFields"] = std::move(managed);
  j["metadata"] = std::move(md);

  ojson template_labels = labels_of(o);
  if (kind == "Pod") {
    ojson spec;
    spec["volumes"] = ojson::array({{{"name", "kube-api-access-" + o.ref.uid.substr(0, 5)},
                                     {"projected",
                                      {{"defaultMode", 420},
                                       {"sources", ojson::array({{{"serviceAccountToken",
                                                                   {{"expirationSeconds", 3607}, {"path", "token"}}}}})}}}}});
    spec["containers"] = ojson::array({container(o.container, v.image)});
    spec["restartPolicy"] = "Always";
    spec["terminationGracePeriodSeconds"] = 30;
    spec["dnsPolicy"] = "ClusterFirst";
    spec["serviceAccountName"] = "default";
    if (!v.node.empty()) spec["nodeName"] = v.node;
    spec["schedulerName"] = "default-scheduler";
    spec["tolerations"] = ojson::array(
        {{{"key", "node.kubernetes.io/not-ready"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}},
         {{"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}, {"effect", "NoExecute"}, {"tolerationSeconds", 300}}});
    spec["priority"] = 0;
    j["spec"] = std::move(spec);
    ojson status;
    status["phase"] = v.phase.empty() ? "Running" : v.phase;
    status["conditions"] = ojson::array();
    for (const char* c : {"Initialized", "Ready", "ContainersReady", "PodScheduled"})
      status["conditions"].push_back({{"type", c},
                                      {"status", v.phase == "Pending" ? "False" : "True"},
                                      {"lastProbeTime", nullptr},
                                      {"lastTransitionTime", rfc3339(v.at_ns)}});
    status["hostIP"] = "10.0.12.34";
    status["podIP"] = "10.244.1.7";
    status["startTime"] = rfc3339(o.created_ns);
    status["containerStatuses"] = ojson::array({{{"name", o.container},
                                                 {"ready", v.phase == "Running"},
                                                 {"restartCount", v.restarts},
                                                 {"image", v.image},
                                                 {"imageID", ""},
                                                 {"started", v.phase == "Running"}}});
    status["qosClass"] = "Burstable";
    j["status"] = std::move(status);
  } else if (kind == "Node") {
    j["spec"] = {{"podCIDR", "10.244.3.0/24"}, {"providerID", "aws:///eu-west-1a/i-0" + o.ref.name.substr(3, 8)}};
    j["status"] = {{"nodeInfo", {{"kubeletVersion", "v1.28.5"}, {"osImage", "Amazon Linux 2"}, {"containerRuntimeVersion", "containerd://1.7.11"}}}};
  } else if (kind == "HorizontalPodAutoscaler") {
    j["spec"] = {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", o.ref.name}}},
                 {"minReplicas", v.replicas},
                 {"maxReplicas", v.replicas + 6},
                 {"metrics", ojson::array({{{"type", "Resource"},
                                            {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", 70}}}}}}})}};
    j["status"] = {{"currentReplicas", v.replicas}, {"desiredReplicas", v.replicas}};
  } else {
    ojson spec;
    if (kind == "Deployment" || kind == "ReplicaSet" || kind == "StatefulSet") spec["replicas"] = v.replicas;
    if (kind == "CronJob") {
      spec["schedule"] = o.schedule;
      spec["concurrencyPolicy"] = "Forbid";
      spec["successfulJobsHistoryLimit"] = 3;
      spec["jobTemplate"] = {{"spec", {{"template", {{"spec", {{"containers", ojson::array({container(o.container, v.image)})}, {"restartPolicy", "OnFailure"}}}}}}}};
    } else {
      if (!o.hash.empty() && kind == "ReplicaSet") template_labels["pod-template-hash"] = o.hash;
      spec["selector"] = {{"matchLabels", template_labels}};
      if (kind == "StatefulSet") spec["serviceName"] = o.ref.name;
      spec["template"] = {{"metadata", {{"creationTimestamp", nullptr}, {"labels", template_labels}}},
                          {"spec",
                           {{"containers", ojson::array({container(o.container, v.image)})},
                            {"restartPolicy", kind == "Job" ? "Never" : "Always"},
                            {"terminationGracePeriodSeconds", 30},
                            {"dnsPolicy", "ClusterFirst"},
                            {"schedulerName", "default-scheduler"}}}};
      if (kind == "Deployment")
        spec["strategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 1}, {"maxUnavailable", 0}}}};
      if (kind == "Job") spec["backoffLimit"] = 0;
    }
    j["spec"] = std::move(spec);
    ojson status;
    status["observedGeneration"] = v.generation;
    if (kind == "Job") {
      status[v.phase == "Failed" ? "failed" : "succeeded"] = 1;
      status["startTime"] = rfc3339(o.created_ns);
    } else if (kind != "CronJob") {
      status["replicas"] = v.replicas;
      status["readyReplicas"] = v.ready;
      status["availableReplicas"] = v.ready;
    }
    j["status"] = std::move(status);
  }
  return j;
}

namespace {

bool plain_yaml_scalar(const std::string& s) {
  if (s.empty()) return false;
  static const std::string bad_first = "-?:,[]{}#&*!|>'\"%@` ";
  if (bad_first.find(s[0]) != std::string::npos) return false;
  if (s.back() == ' ') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) return false;
    if (c == '#' && i > 0 && s[i - 1] == ' ') return false;
  }
  // Words YAML would read as something other than a string.
  static const char* special[] = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n",
                                  "True", "False", "Yes", "No", "On", "Off", "Null", "NULL", "TRUE", "FALSE"};
  for (const char* w : special)
    if (s == w) return false;
  // Numbers and things that look like them (timestamps are fine as strings only when quoted).
  bool numeric = true;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' || c == '_' || c == ':' ||
          c == 'x' || c == 'o'))
      numeric = false;
  if (numeric) return false;
  if (s[0] >= '0' && s[0] <= '9') return false;
  return true;
}

void scalar(std::string& out, const ojson& v) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (plain_yaml_scalar(s))
      out += s;
    else
      out += v.dump();  // a JSON string is a valid double-quoted YAML scalar
  } else {
    out += v.dump();
  }
}

bool is_block(const ojson& v) { return (v.is_object() && !v.empty()) || (v.is_array() && !v.empty()); }

void pad(std::string& out, int n) { out.append(static_cast<size_t>(n), ' '); }

void write_value(std::string& out, const ojson& v, int indent, bool first_inline);

void write_mapping(std::string& out, const ojson& v, int indent, bool first_inline) {
  // kubectl -o yaml writes keys in sorted order (JSON is in Go struct order).
  std::vector<ojson::const_iterator> keys;
  for (auto it = v.begin(); it != v.end(); ++it) keys.push_back(it);
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.key() < b.key(); });
  bool first = true;
  for (const auto& it : keys) {
    if (!(first && first_inline)) pad(out, indent);
    first = false;
    const std::string& k = it.key();
    if (plain_yaml_scalar(k))
      out += k;
    else
      out += ojson(k).dump();
    out += ':';
    const ojson& x = it.value();
    if (x.is_object() && !x.empty()) {
      out += '\n';
      write_mapping(out, x, indent + 2, false);
    } else if (x.is_array() && !x.empty()) {
      out += '\n';
      write_value(out, x, indent, false);  // kubectl: "- " at the key's indent
    } else if (x.is_string() && x.get_ref<const std::string&>().find('\n') != std::string::npos &&
               x.get_ref<const std::string&>().back() == '\n') {
      out += " |\n";
      const auto& s = x.get_ref<const std::string&>();
      size_t start = 0;
      while (start < s.size()) {
        size_t nl = s.find('\n', start);
        pad(out, indent + 2);
        out.append(s, start, nl - start);
        out += '\n';
        start = nl + 1;
      }
    } else {
      out += ' ';
      if (x.is_object())
        out += "{}";
      else if (x.is_array())
        out += "[]";
      else
        scalar(out, x);
      out += '\n';
    }
  }
}

void write_value(std::string& out, const ojson& v, int indent, bool first_inline) {
  if (v.is_object()) {
    if (v.empty()) {
      out += "{}\n";
      return;
    }
    write_mapping(out, v, indent, first_inline);
  } else if (v.is_array()) {
    for (const auto& item : v) {
      pad(out, indent);
      out += "- ";
      if (is_block(item) && item.is_object()) {
        write_mapping(out, item, indent + 2, true);
      } else if (is_block(item)) {
        out += '\n';
        write_value(out, item, indent + 2, false);
      } else {
        if (item.is_object())
          out += "{}";
        else if (item.is_array())
          out += "[]";
        else
          scalar(out, item);
        out += '\n';
      }
    }
  } else {
    scalar(out, v);
    out += '\n';
  }
}

}  // namespace

void write_yaml(std::string& out, const ojson& value, int indent) { write_value(out, value, indent, false); }

}  // namespace kspan::gen
