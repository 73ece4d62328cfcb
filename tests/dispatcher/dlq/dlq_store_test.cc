#include "dispatcher/dlq/dlq_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "tests/dispatcher/dlq/dlq_test_support.h"

namespace switchyard::dlq {
namespace {

using testing::TempDir;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(OpenDlqStore, SqliteCreatesTheDataDirectoryWithItsParents) {
  TempDir dir;
  const std::string data_dir = dir.sub("var/lib/switchyard");
  auto store = openDlqStore("sqlite", data_dir);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_TRUE(access((data_dir + "/dlq.sqlite").c_str(), F_OK) == 0);
  ASSERT_TRUE((*store)->append({testing::sampleRecord(1)}).ok());
  EXPECT_EQ(*(*store)->count(DlqFilter{}), 1u);
}

TEST(OpenDlqStore, ADataDirectoryThatCannotBeCreatedIsAnErrorNamingThePath) {
  TempDir dir;
  // A regular file where a parent directory should be: fails even for root.
  std::ofstream(dir.sub("not-a-directory")) << "x";
  const std::string data_dir = dir.sub("not-a-directory/dlq");
  auto store = openDlqStore("sqlite", data_dir);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Errc::kIo);
  EXPECT_TRUE(contains(store.error().message, data_dir + "/dlq.sqlite")) << store.error().message;
  EXPECT_TRUE(contains(store.error().message, "cannot create the directory"))
      << store.error().message;
}

// A database path that cannot be opened (here a directory stands where the file should be; this
// fails for root too, unlike permissions).
TEST(OpenDlqStore, AnUnopenableDatabaseIsAnErrorNamingThePath) {
  TempDir dir;
  const std::string data_dir = dir.sub("data");
  ASSERT_EQ(mkdir(data_dir.c_str(), 0700), 0);
  ASSERT_EQ(mkdir((data_dir + "/dlq.sqlite").c_str(), 0700), 0);
  auto store = openDlqStore("sqlite", data_dir);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Errc::kIo);
  EXPECT_TRUE(contains(store.error().message, data_dir + "/dlq.sqlite")) << store.error().message;
  EXPECT_TRUE(contains(store.error().message, "(sqlite: ")) << store.error().message;
}

TEST(OpenDlqStore, AFileThatIsNotADatabaseIsAnErrorNamingThePath) {
  TempDir dir;
  std::ofstream(dir.sub("dlq.sqlite")) << std::string(8192, 'x');
  auto store = openDlqStore("sqlite", dir.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Errc::kIo);
  EXPECT_TRUE(contains(store.error().message, dir.sub("dlq.sqlite"))) << store.error().message;
  EXPECT_TRUE(contains(store.error().message, "(sqlite: file is not a database)"))
      << store.error().message;
}

TEST(OpenDlqStore, AnEmptyDataDirectoryIsRefused) {
  auto store = openDlqStore("sqlite", "");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Errc::kInvalidArgument);
}

TEST(OpenDlqStore, RedisAndKafkaAreNotAvailableInThisBuildYet) {
  TempDir dir;
  auto redis = openDlqStore("redis://127.0.0.1:6379", dir.path());
  ASSERT_FALSE(redis.ok());
  EXPECT_TRUE(contains(redis.error().message, "Redis backend is not available in this build yet"))
      << redis.error().message;
  auto kafka = openDlqStore("kafka://127.0.0.1:9092/dlq", dir.path());
  ASSERT_FALSE(kafka.ok());
  EXPECT_TRUE(contains(kafka.error().message, "Kafka backend is not available in this build yet"))
      << kafka.error().message;
}

TEST(OpenDlqStore, AnUnknownKindListsTheValidKinds) {
  TempDir dir;
  auto store = openDlqStore("postgres", dir.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, Errc::kInvalidArgument);
  EXPECT_TRUE(contains(store.error().message, "'postgres'")) << store.error().message;
  EXPECT_TRUE(contains(store.error().message, "sqlite, redis://HOST:PORT or kafka://"))
      << store.error().message;
}

}  // namespace
}  // namespace switchyard::dlq
