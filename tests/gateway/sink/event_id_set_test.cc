#include "gateway/sink/event_id_set.h"

#include <gtest/gtest.h>

#include <string>

#include "gateway/core/event_id.h"

namespace switchyard {
namespace {

TEST(EventIdSet, CountsDeliveriesPerIdAcrossGrowth) {
  EventIdSet set(8);  // small, so that it grows many times
  std::vector<std::string> ids;
  for (int i = 0; i < 20'000; ++i) {
    ids.push_back(EventId::generate(1'700'000'000'000 + i).toString());
  }
  for (const std::string& id : ids) {
    EXPECT_EQ(set.add(EventIdSet::keyOf(id)), 1u);
  }
  for (size_t i = 0; i < ids.size(); i += 3) {
    EXPECT_EQ(set.add(EventIdSet::keyOf(ids[i])), 2u);
  }
  EXPECT_EQ(set.size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(set.count(EventIdSet::keyOf(ids[i])), i % 3 == 0 ? 2u : 1u) << i;
  }
  EXPECT_EQ(set.count(EventIdSet::keyOf(EventId::generate(1).toString())), 0u);
  set.clear();
  EXPECT_EQ(set.size(), 0u);
  EXPECT_EQ(set.count(EventIdSet::keyOf(ids[0])), 0u);
}

TEST(EventIdSet, UuidKeysPrintBackAndOtherIdsAreKeptApart) {
  std::string id = EventId::generate(1'700'000'000'000).toString();
  EXPECT_EQ(EventIdSet::textOf(EventIdSet::keyOf(id)), id);
  // Either case of the same UUID is the same id.
  std::string upper = id;
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  EXPECT_EQ(EventIdSet::keyOf(upper), EventIdSet::keyOf(id));

  EventIdSet set;
  set.add(EventIdSet::keyOf("order-1"));
  set.add(EventIdSet::keyOf("order-2"));
  set.add(EventIdSet::keyOf("order-1"));
  EXPECT_EQ(set.size(), 2u);
  EXPECT_EQ(set.count(EventIdSet::keyOf("order-1")), 2u);
  EXPECT_EQ(EventIdSet::textOf(EventIdSet::keyOf("order-1")), "<non-uuid id>");
}

TEST(EventIdSet, ForEachVisitsEveryKeyOnce) {
  EventIdSet set;
  for (int i = 0; i < 100; ++i) {
    set.add(EventIdSet::keyOf("id-" + std::to_string(i)));
  }
  size_t visited = 0;
  set.forEach([&](EventIdSet::Key, uint32_t count) {
    ++visited;
    EXPECT_EQ(count, 1u);
  });
  EXPECT_EQ(visited, 100u);
}

}  // namespace
}  // namespace switchyard
