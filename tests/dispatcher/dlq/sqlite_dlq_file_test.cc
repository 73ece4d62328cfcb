#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "dispatcher/dlq/sqlite_dlq_schema.h"
#include "dispatcher/dlq/sqlite_dlq_store.h"
#include "tests/dispatcher/dlq/dlq_test_support.h"

namespace switchyard::dlq {
namespace {

using testing::expectSameRecord;
using testing::idsOf;
using testing::openStore;
using testing::recordId;
using testing::sampleRecord;
using testing::TempDir;

// A record with a payload large enough to span pages, so a torn write would show.
DlqRecord bigRecord(int n) {
  DlqRecord record = sampleRecord(n);
  record.payload.assign(20'000, '\0');
  for (size_t i = 0; i < record.payload.size(); ++i) {
    record.payload[i] = static_cast<char>((i * 31 + static_cast<size_t>(n)) & 0xff);
  }
  record.attributes.emplace_back("binary", std::string("\x00\xff\x01", 3));
  return record;
}

// Runs SQL directly on the store's file, as an operator's sqlite3 shell would.
std::string queryText(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  std::string result;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return result;
}

TEST(SqliteDlqFile, ReopeningTheFileSeesEveryRecordAndReplay) {
  TempDir dir;
  std::vector<DlqRecord> records = {sampleRecord(1), bigRecord(2), sampleRecord(3)};
  {
    auto store = openStore(dir.path());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->append(records).ok());
    ASSERT_TRUE(store->markReplayed({recordId(3)}, {5, "job", "resize", "new"}).ok());
  }
  records[2].replays.push_back({5, "job", "resize", "new"});
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  auto listed = store->list(DlqFilter{});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    expectSameRecord((*listed)[i], records[i]);
  }
}

TEST(SqliteDlqFile, ASecondStoreOnTheSameFileSeesTheFirstOnesWrites) {
  TempDir dir;
  auto gateway = openStore(dir.path());
  auto cli = openStore(dir.path());
  ASSERT_NE(gateway, nullptr);
  ASSERT_NE(cli, nullptr);
  ASSERT_TRUE(gateway->append({sampleRecord(1), sampleRecord(2)}).ok());
  auto got = cli->get(recordId(2));
  ASSERT_TRUE(got.ok() && got->has_value());
  expectSameRecord(**got, sampleRecord(2));
  // And the other way round: the CLI marks and purges, the gateway sees it and keeps appending.
  ASSERT_TRUE(cli->markReplayed({recordId(1)}, {1, "job", "resize", "new"}).ok());
  DlqFilter second;
  second.ids = {recordId(2)};
  EXPECT_EQ(*cli->purge(second), 1u);
  ASSERT_TRUE(gateway->append({sampleRecord(3)}).ok());
  auto listed = gateway->list(DlqFilter{});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(idsOf(*listed), (std::vector<std::string>{recordId(1), recordId(3)}));
  EXPECT_EQ(listed->front().replays.size(), 1u);
}

TEST(SqliteDlqFile, ARecordSurvivesSigkillRightAfterAppendReturns) {
  TempDir dir;
  const std::vector<DlqRecord> records = {bigRecord(1), sampleRecord(2), bigRecord(3)};
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child opens its own store (SQLite connections must not cross fork), appends, reports,
    // and then waits to be killed: nothing is closed, finalized or checkpointed.
    close(pipe_fds[0]);
    auto store = SqliteDlqStore::open(dir.path());
    if (!store.ok() || !(*store)->append(records).ok()) {
      _exit(1);
    }
    const char committed[] = "committed";
    if (write(pipe_fds[1], committed, sizeof committed - 1) != sizeof committed - 1) {
      _exit(1);
    }
    for (;;) {
      pause();
    }
  }
  close(pipe_fds[1]);
  char buffer[16] = {};
  const ssize_t got = read(pipe_fds[0], buffer, sizeof buffer - 1);
  kill(child, SIGKILL);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  close(pipe_fds[0]);
  ASSERT_EQ(std::string(buffer, got > 0 ? static_cast<size_t>(got) : 0), "committed")
      << "the child could not append";
  ASSERT_TRUE(WIFSIGNALED(wait_status));
  EXPECT_EQ(WTERMSIG(wait_status), SIGKILL);

  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  auto listed = store->list(DlqFilter{});
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_EQ(listed->size(), records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    expectSameRecord((*listed)[i], records[i]);
  }
  EXPECT_EQ(queryText(store->path(), "PRAGMA integrity_check"), "ok");
}

TEST(SqliteDlqFile, TheFileIsInWalModeAtTheCurrentSchemaVersion) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->path(), dir.path() + "/dlq.sqlite");
  EXPECT_EQ(queryText(store->path(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(queryText(store->path(), "PRAGMA user_version"), std::to_string(kDlqSchemaVersion));
}

TEST(SqliteDlqFile, AFileFromANewerSchemaIsRefusedUntouched) {
  TempDir dir;
  { ASSERT_NE(openStore(dir.path()), nullptr); }
  const std::string path = dir.path() + "/dlq.sqlite";
  queryText(path, "PRAGMA user_version = 7");
  auto store = SqliteDlqStore::open(dir.path());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find(path), std::string::npos) << store.error().message;
  EXPECT_NE(store.error().message.find("schema version 7"), std::string::npos)
      << store.error().message;
  EXPECT_EQ(queryText(path, "PRAGMA user_version"), "7");
}

TEST(SqliteDlqFile, PurgeDeletesTheRecordsBodiesToo) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->append({sampleRecord(1, "a"), bigRecord(2), sampleRecord(3, "a")}).ok());
  DlqFilter function_a;
  function_a.function = "a";
  EXPECT_EQ(*store->purge(function_a), 2u);
  EXPECT_EQ(queryText(store->path(), "SELECT count(*) FROM dlq_bodies"), "1");
  EXPECT_EQ(queryText(store->path(), "SELECT count(*) FROM dlq_records"), "1");
}

TEST(SqliteDlqFile, AnAppendWaitsForAnotherConnectionsWriteLock) {
  TempDir dir;
  auto store = openStore(dir.path());
  ASSERT_NE(store, nullptr);
  // Another process's write transaction, as the CLI purging would hold it, released after 300 ms.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open_v2(store->path().c_str(), &other, SQLITE_OPEN_READWRITE, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([other] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  const auto start = std::chrono::steady_clock::now();
  Status status = store->append({sampleRecord(1)});
  const auto waited = std::chrono::steady_clock::now() - start;
  release.join();
  sqlite3_close(other);
  EXPECT_TRUE(status.ok()) << status.error().message;
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_EQ(*store->count(DlqFilter{}), 1u);
}

}  // namespace
}  // namespace switchyard::dlq
