#pragma once

#include <string_view>

#include "dispatcher/dispatcher.h"
#include "dispatcher/dlq/dlq_service.h"
#include "gateway/http/http_server.h"

namespace switchyard {

// The DLQ part of the admin API (all JSON):
//   GET    /v1/dlq?FILTER              records, oldest first: {"records":[...],"next":ID|null}
//   GET    /v1/dlq/count?FILTER        {"count":N}
//   GET    /v1/dlq/{id}                one record in full (record id or event id)
//   DELETE /v1/dlq?FILTER              {"purged":N}; an empty filter needs all=true
//   POST   /v1/dlq/replay              body {"query":FILTER,"to","rate","force","dry_run"}:
//                                      202 {progress} | dry run: {"total":N}
//   GET    /v1/dlq/replay/{job}        progress {"state","total","submitted","rate","eta_seconds"}
//   DELETE /v1/dlq/replay/{job}        cancel
// FILTER is function, trigger, since, until, error, id, limit, after, replayed (dlq_query.h).
// Store work runs on the DLQ thread; the answer is posted back to the admin loop.
//
// NOTE: handle() runs on the control loop.
class DlqApi {
 public:
  DlqApi(dlq::DlqService* service, const dispatcher::Dispatcher* dispatcher)
      : service_(service), dispatcher_(dispatcher) {}
  // True if the path is the DLQ API's (and the request was answered).
  bool handle(const http::HttpRequest& request, http::HttpResponder& responder);

 private:
  void query(const http::HttpRequest& request, std::string_view rest,
             http::HttpResponder& responder);
  void replay(const http::HttpRequest& request, std::string_view rest,
              http::HttpResponder& responder);

  dlq::DlqService* service_;
  const dispatcher::Dispatcher* dispatcher_;
};

}  // namespace switchyard
