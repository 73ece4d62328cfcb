#include "gateway/admin/dlq_api.h"

#include <memory>

#include "dispatcher/dlq/dlq_json.h"
#include "dispatcher/dlq/dlq_query.h"
#include "gateway/core/loop_thread.h"
#include "gateway/http/json_response.h"

namespace switchyard {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kPrefix = "/v1/dlq";

// Runs `work` on the DLQ thread and answers on the calling (admin) loop with what it returns.
// The responder may only be used on its own loop, so it waits there in a shared holder.
void answerFromStore(dlq::DlqService* service, http::HttpResponder& responder,
                     std::function<std::pair<int, std::string>(dlq::DlqStore&)> work) {
  auto holder = std::make_shared<http::HttpResponder>(std::move(responder));
  LoopThread* origin = LoopThread::current();
  service->post([holder, origin, work = std::move(work)](dlq::DlqStore& store) {
    auto answer = std::make_shared<std::pair<int, std::string>>(work(store));
    origin->post([holder, answer] { holder->respond(answer->first, kJson, answer->second); });
  });
}

std::pair<int, std::string> errorAnswer(int status, std::string_view code,
                                        std::string_view message) {
  return {status, http::jsonErrorBody(code, message)};
}

}  // namespace

bool DlqApi::handle(const http::HttpRequest& request, http::HttpResponder& responder) {
  std::string_view path = request.path;
  if (path != kPrefix && !path.starts_with("/v1/dlq/")) {
    return false;
  }
  if (service_ == nullptr) {
    responder.respond(404, kJson,
                      http::jsonErrorBody("no_dlq",
                                          "this gateway runs without a DLQ store "
                                          "(store.dlq: none)"));
    return true;
  }
  std::string_view rest = path.substr(kPrefix.size());
  if (rest.starts_with("/replay")) {
    replay(request, rest.substr(7), responder);
  } else {
    query(request, rest, responder);
  }
  return true;
}

void DlqApi::query(const http::HttpRequest& request, std::string_view rest,
                   http::HttpResponder& responder) {
  dlq::DlqFilter filter;
  bool all = false;
  std::string query(request.query);
  // `all=true` is DELETE's explicit "purge everything"; it is not a filter.
  for (std::string_view marker : {"all=true&", "&all=true", "all=true"}) {
    if (size_t at = query.find(marker); at != std::string::npos) {
      query.erase(at, marker.size());
      all = true;
      break;
    }
  }
  if (Status parsed = dlq::parseFilterQuery(query, filter); !parsed.ok()) {
    responder.respond(400, kJson, http::jsonErrorBody("bad_filter", parsed.error().message));
    return;
  }
  if (request.method == "GET" && rest.empty()) {
    if (filter.limit == 0) {
      filter.limit = 100;  // a page; `next` continues
    }
    answerFromStore(service_, responder, [filter](dlq::DlqStore& store) {
      Result<std::vector<dlq::DlqRecord>> records = store.list(filter);
      if (!records.ok()) {
        return errorAnswer(500, "store_error", records.error().message);
      }
      return std::make_pair(200, dlq::recordsPageJson(*records, false, filter.limit));
    });
  } else if (request.method == "GET" && rest == "/count") {
    answerFromStore(service_, responder, [filter](dlq::DlqStore& store) {
      Result<size_t> count = store.count(filter);
      if (!count.ok()) {
        return errorAnswer(500, "store_error", count.error().message);
      }
      return std::make_pair(200, R"({"count":)" + std::to_string(*count) + "}");
    });
  } else if (request.method == "GET" && rest.size() > 1) {
    std::string id(rest.substr(1));
    answerFromStore(service_, responder, [id](dlq::DlqStore& store) {
      Result<std::optional<dlq::DlqRecord>> record = store.get(id);
      if (!record.ok()) {
        return errorAnswer(500, "store_error", record.error().message);
      }
      if (!record->has_value()) {
        return errorAnswer(404, "not_found", "no DLQ record with id " + id);
      }
      std::string json;
      dlq::appendRecordJson(json, **record, true);
      return std::make_pair(200, json);
    });
  } else if (request.method == "DELETE" && rest.empty()) {
    if (dlq::filterIsEmpty(filter) && !all) {
      responder.respond(400, kJson,
                        http::jsonErrorBody("refused", "purging everything needs all=true"));
      return;
    }
    answerFromStore(service_, responder, [filter](dlq::DlqStore& store) {
      Result<size_t> purged = store.purge(filter);
      if (!purged.ok()) {
        return errorAnswer(500, "store_error", purged.error().message);
      }
      return std::make_pair(200, R"({"purged":)" + std::to_string(*purged) + "}");
    });
  } else {
    responder.respond(
        405, kJson,
        http::jsonErrorBody("method_not_allowed", "GET /v1/dlq, GET /v1/dlq/{id}, DELETE /v1/dlq"));
  }
}

void DlqApi::replay(const http::HttpRequest& request, std::string_view rest,
                    http::HttpResponder& responder) {
  if (rest.empty() && request.method == "POST") {
    bool dry_run = false;
    Result<dlq::ReplayRequest> parsed = dlq::replayRequestFromJson(request.body, &dry_run);
    if (!parsed.ok()) {
      responder.respond(400, kJson, http::jsonErrorBody("bad_request", parsed.error().message));
      return;
    }
    if (!parsed->to_function.empty() && dispatcher_->findFunction(parsed->to_function) == nullptr) {
      responder.respond(404, kJson,
                        http::jsonErrorBody("unknown_function",
                                            "no function named \"" + parsed->to_function + "\""));
      return;
    }
    if (dry_run) {
      dlq::DlqFilter filter = parsed->filter;
      filter.include_replayed = parsed->force;
      answerFromStore(service_, responder, [filter](dlq::DlqStore& store) {
        Result<size_t> count = store.count(filter);
        if (!count.ok()) {
          return errorAnswer(500, "store_error", count.error().message);
        }
        size_t total = filter.limit > 0 && filter.limit < *count ? filter.limit : *count;
        return std::make_pair(200, R"({"dry_run":true,"total":)" + std::to_string(total) + "}");
      });
      return;
    }
    std::shared_ptr<dlq::ReplayProgress> progress =
        service_->startReplay(std::move(parsed).value());
    responder.respond(202, kJson, progress->toJson());
    return;
  }
  std::string id(rest.size() > 1 ? rest.substr(1) : std::string_view());
  std::shared_ptr<dlq::ReplayProgress> progress = service_->findReplay(id);
  if (progress == nullptr) {
    responder.respond(404, kJson, http::jsonErrorBody("not_found", "no replay job " + id));
    return;
  }
  if (request.method == "DELETE") {
    progress->cancel = true;
  } else if (request.method != "GET") {
    responder.respond(405, kJson, http::jsonErrorBody("method_not_allowed", "GET or DELETE"));
    return;
  }
  responder.respond(200, kJson, progress->toJson());
}

}  // namespace switchyard
