#include "conflicts.h"

#include <gtest/gtest.h>

namespace {

TEST(ConflictsTest, DisjointSessionsAreParallelSafe) {
  AccessSets lint, tests;
  lint.read = {"src/a.py", "pyproject.toml"};
  tests.read = {"src/a.py", "pyproject.toml"};
  tests.create = {".coverage.h.1"};
  EXPECT_TRUE(FindConflicts(lint, tests).empty());
}

TEST(ConflictsTest, EachDirection) {
  AccessSets fmt, lint, report_a, report_b;
  fmt.read = {"src/a.py"};
  fmt.write = {"src/a.py"};
  lint.read = {"src/a.py"};
  EXPECT_EQ(FindConflicts(fmt, lint),
            (std::vector<Evidence>{{"src/a.py", ConflictKind::kWriteRead, ""}}));
  EXPECT_EQ(FindConflicts(lint, fmt),
            (std::vector<Evidence>{{"src/a.py", ConflictKind::kReadWrite, ""}}));
  report_a.create = {"report.txt"};
  report_b.write = {"report.txt"};
  EXPECT_EQ(FindConflicts(report_a, report_b),
            (std::vector<Evidence>{{"report.txt", ConflictKind::kWriteWrite, ""}}));
}

TEST(ConflictsTest, LookingAtAPathIsUsingIt) {
  // A warm mypy stats src/a.py and, its size and mtime matching the cache, never opens it.
  AccessSets fmt, typecheck, setup, configure;
  fmt.read = fmt.write = {"src/a.py"};
  typecheck.probe = {"src/a.py"};
  EXPECT_EQ(FindConflicts(fmt, typecheck),
            (std::vector<Evidence>{{"src/a.py", ConflictKind::kWriteRead, ""}}));
  EXPECT_EQ(FindConflicts(typecheck, fmt),
            (std::vector<Evidence>{{"src/a.py", ConflictKind::kReadWrite, ""}}));
  // A failed open of a name another session makes: its absence decided something.
  configure.probe = {"local.cfg"};
  setup.create = {"local.cfg"};
  EXPECT_EQ(FindConflicts(configure, setup),
            (std::vector<Evidence>{{"local.cfg", ConflictKind::kReadWrite, ""}}));
}

TEST(ConflictsTest, NameFamily) {
  EXPECT_EQ(NameFamily(".coverage.host.12.34"), ".coverage");
  EXPECT_EQ(NameFamily(".coverage"), ".coverage");
  EXPECT_EQ(NameFamily("test_a.py"), "test_a");
  EXPECT_EQ(NameFamily("Makefile"), "Makefile");
}

TEST(ConflictsTest, ListingConflictsWhenTheListerConsumesTheFamily) {
  // coverage combine lists the root and reads and deletes the data files it found there.
  AccessSets tests, combine;
  tests.create = {".coverage.h.1"};
  combine.list = {"."};
  combine.read = {".coverage.h.9"};
  combine.remove = {".coverage.h.9"};
  combine.create = {".coverage"};
  EXPECT_EQ(FindConflicts(tests, combine),
            (std::vector<Evidence>{{".coverage.*", ConflictKind::kWriteRead, "."}}));
  // The other way round: run first, the tests' data file would be among the listed ones.
  EXPECT_EQ(FindConflicts(combine, tests),
            (std::vector<Evidence>{{".coverage.*", ConflictKind::kReadWrite, "."}}));
}

TEST(ConflictsTest, ImportSystemListingIsHarmless) {
  // Python lists every sys.path directory, the root included, and opens only modules.
  AccessSets tests, typecheck;
  tests.create = {".coverage.h.1"};
  tests.probe = {".coverage.h.1-journal"};
  typecheck.list = {"."};
  typecheck.read = {"noxfile.py", "pkg/__init__.py"};
  EXPECT_TRUE(FindConflicts(typecheck, tests).empty());
  EXPECT_TRUE(FindConflicts(tests, typecheck).empty());
}

TEST(ConflictsTest, OwnFilesAndProbesDoNotConsumeAFamily) {
  // Two test sessions each write their own data file and list the root.
  AccessSets unit, integration;
  unit.list = integration.list = {"."};
  unit.create = unit.write = unit.read = {".coverage.h.1"};
  unit.probe = {".coverage.h.1-journal"};
  integration.create = integration.write = integration.read = {".coverage.h.2"};
  integration.probe = {".coverage.h.2-journal"};
  EXPECT_TRUE(FindConflicts(unit, integration).empty());
}

TEST(ConflictsTest, DirectEvidenceWinsOverListing) {
  AccessSets tests, combine;
  tests.create = {".coverage.h.1"};
  combine.list = {"."};
  combine.remove = {".coverage.h.1"};
  EXPECT_EQ(FindConflicts(tests, combine),
            (std::vector<Evidence>{{".coverage.*", ConflictKind::kWriteWrite, ""}}));
}

}  // namespace

TEST(ConflictsTest, EvidenceNamesAPatternWhereNamesVaryFromRunToRun) {
  EXPECT_EQ(EvidencePattern(".coverage.vm.19704.990021"), ".coverage.*");
  EXPECT_EQ(EvidencePattern("reports/junit.1234.xml"), "reports/junit.*");
  EXPECT_EQ(EvidencePattern("src/a.py"), "src/a.py");
  EXPECT_EQ(EvidencePattern("state.db"), "state.db");
  EXPECT_EQ(EvidencePattern(".coverage"), ".coverage");
}

TEST(ConflictsTest, TwoSessionsThatEachMakeOneDirectoryDoNotConflictOnIt) {
  AccessSets a, b;
  for (AccessSets* s : {&a, &b}) {
    s->create.insert("results");
    s->made_dirs.insert("results");
  }
  a.create.insert("results/a.txt");
  b.create.insert("results/b.txt");
  EXPECT_TRUE(FindConflicts(a, b).empty());
  b.made_dirs.clear();  // b made a file of that name, say: a conflict again
  EXPECT_EQ(FindConflicts(a, b).size(), 1u);
}

TEST(ConflictsTest, ALookAtADirectoryAnotherOnlyMakesIsNoConflict) {
  // os.makedirs("results", exist_ok=True) once the directory is there: a failed mkdir, a
  // look. From the second run on the directory is always there, whoever comes first.
  AccessSets maker, looker;
  maker.create = maker.made_dirs = {"results"};
  looker.probe = {"results"};
  EXPECT_TRUE(FindConflicts(maker, looker).empty());
  EXPECT_TRUE(FindConflicts(looker, maker).empty());
  looker.read = {"results"};  // reading it is more than finding it made
  EXPECT_EQ(FindConflicts(maker, looker).size(), 1u);
}
