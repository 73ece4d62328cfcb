#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "connectors/aws/store/sqlite_aws_store.h"

namespace switchyard::aws::testing {

// A fresh directory for one test's aws.sqlite, removed at the end of the test.
class TempDataDir {
 public:
  TempDataDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "switchyard-aws-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed";
    }
    path_ = pattern;
  }
  ~TempDataDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDataDir(const TempDataDir&) = delete;
  TempDataDir& operator=(const TempDataDir&) = delete;

  const std::string& path() const { return path_; }
  std::string file() const { return path_ + "/" + SqliteAwsStore::kFileName; }

 private:
  std::string path_;
};

inline std::unique_ptr<SqliteAwsStore> openStore(const TempDataDir& dir) {
  auto store = SqliteAwsStore::open(dir.path());
  EXPECT_TRUE(store.ok()) << store.error().message;
  return store.ok() ? std::move(store).value() : nullptr;
}

// Runs `sql` on the store's file through a connection of its own, as another process would (the
// sqlite3 shell). Fails the test on an error.
inline void runSql(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message != nullptr ? message : "") << " in: " << sql;
  sqlite3_free(message);
  sqlite3_close(db);
}

}  // namespace switchyard::aws::testing
