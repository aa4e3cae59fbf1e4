// A clock that only moves when the code under test waits, and a scripted HttpClient:
// retry and deadline logic tested in microseconds, without a network.
#pragma once
#include <deque>
#include <mutex>

#include "http_client.hpp"
#include "retry.hpp"

namespace kspan::exporter::test {

class FakeTime : public Waiter {
 public:
  Clock::time_point now() const { return now_; }
  bool wait_until(Clock::time_point when) override {
    waits.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(when - now_));
    now_ = std::max(now_, when);
    return true;
  }
  void advance(std::chrono::milliseconds by) { now_ += by; }
  RetryContext context(RetryPolicy policy) {
    RetryContext c;
    c.policy = policy;
    c.waiter = this;
    c.now = [this] { return now_; };
    c.jitter = [] { return 1.0; };  // the full backoff, so waits are predictable
    return c;
  }
  std::vector<std::chrono::milliseconds> waits;

 private:
  Clock::time_point now_ = Clock::time_point{} + std::chrono::hours(1);
};

class ScriptedHttpClient : public HttpClient {
 public:
  explicit ScriptedHttpClient(std::deque<HttpResponse> answers) : answers_(std::move(answers)) {}
  HttpResponse post(const HttpRequest& request) override {
    std::lock_guard lock(mutex_);
    requests.push_back(request);
    if (answers_.empty()) {
      HttpResponse ok;
      ok.status = 200;
      return ok;
    }
    HttpResponse next = answers_.front();
    answers_.pop_front();
    return next;
  }
  std::vector<HttpRequest> requests;

 private:
  std::mutex mutex_;
  std::deque<HttpResponse> answers_;
};

inline HttpResponse status(long code, std::string retry_after = {}) {
  HttpResponse r;
  r.status = code;
  r.retry_after = std::move(retry_after);
  return r;
}

}  // namespace kspan::exporter::test
