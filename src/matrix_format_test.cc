#include "matrix_format.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

using Json = nlohmann::json;

namespace {

/// The example project's sessions, planned the way a CI run with long tests would be:
/// the gates in shard 1, one test session in each of shards 2 and 3, the combine last.
class ExamplePlan : public testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"lint", "format", "typecheck", "tests(kind='unit')",
                             "tests(kind='integration')", "coverage_report"}) {
      Session& s = project.sessions.emplace_back();
      s.signature = s.name = name;
      s.signatures = {name};
      project.queue.push_back(name);
    }
    config.after.push_back(
        {{"coverage_report", {"pyproject.toml", 1}}, {{"tests*", {"pyproject.toml", 1}}}});
    std::vector<std::string> errors;
    ASSERT_TRUE(BuildGraph(project, config, project.queue, &graph, &errors));
    matrix.job_overhead = 30;
    matrix.shards = {{{0, 1, 2}, 65.04, 65.04}, {{3}, 120, 120}, {{4}, 130, 130}};
    matrix.final = {{5}, 4, 4};
    matrix.needs = {{3, {".coverage.*"}}, {4, {".coverage.*", "junit.xml"}}};
    matrix.assumed = {2};
    matrix.assumed_seconds = 50;
  }

  /// The same plan with everything in one shard.
  Matrix OneShard() const {
    Matrix one;
    one.job_overhead = 30;
    one.shards = {{{0, 1, 2, 3, 4, 5}, 319, 319}};
    return one;
  }

  Project project;
  Config config;
  Graph graph;
  Matrix matrix;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// The value after `prefix` on the one line of `text` that starts with it.
std::string ValueOf(const std::string& text, const std::string& prefix) {
  std::string found;
  int count = 0;
  for (const std::string& line : Lines(text))
    if (line.starts_with(prefix)) found = line.substr(prefix.size()), ++count;
  EXPECT_EQ(count, 1) << prefix << " in\n" << text;
  return found;
}

/// The lines of one job of a GitLab pipeline: its name line and the indented ones after it.
std::string GitlabJob(const std::string& yaml, const std::string& name) {
  std::string job;
  bool inside = false;
  for (const std::string& line : Lines(yaml)) {
    if (!line.starts_with(" ")) inside = line == name + ":";
    if (inside) job += line + "\n";
  }
  return job;
}

using Stage = std::variant<std::vector<std::string>, std::string>;

std::string ErrorOf(const Stage& stage) {
  if (auto* error = std::get_if<std::string>(&stage)) return *error;
  ADD_FAILURE() << "no error; sessions read: " << std::get<0>(stage).size();
  return "";
}

void ExpectNamesFileAndFix(const std::string& error, const std::string& file) {
  EXPECT_TRUE(error.starts_with(file + ": ")) << error;
  EXPECT_NE(error.find("parnox matrix --format json > " + file), std::string::npos) << error;
}

}  // namespace

TEST_F(ExamplePlan, JsonHasTheIssuesKeys) {
  Json json = Json::parse(RenderMatrixJson(graph, matrix));
  std::vector<std::string> keys;
  for (auto& [key, value] : json.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"assumed", "estimate_s", "final", "job_overhead_s",
                                            "runner_cpus", "shards", "version"}));
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["estimate_s"], 30 + 130 + 30 + 4);
  EXPECT_EQ(json["job_overhead_s"], 30);
  ASSERT_EQ(json["shards"].size(), 3u);
  EXPECT_EQ(json["shards"][0]["sessions"],
            (std::vector<std::string>{"lint", "format", "typecheck"}));
  EXPECT_EQ(json["shards"][0]["estimate_s"], 65.0);  // to a tenth
  EXPECT_EQ(json["shards"][1]["sessions"], std::vector<std::string>{"tests(kind='unit')"});
  EXPECT_EQ(json["shards"][2]["estimate_s"], 130);
  EXPECT_EQ(json["shards"][2]["wall_s"], 130);
  EXPECT_EQ(json["runner_cpus"], 1);
  EXPECT_EQ(json["final"]["sessions"], std::vector<std::string>{"coverage_report"});
  EXPECT_EQ(json["final"]["estimate_s"], 4);
  EXPECT_EQ(json["final"]["needs"],
            Json::parse(R"j([{"from": "tests(kind='unit')", "paths": [".coverage.*"]},
                            {"from": "tests(kind='integration')",
                             "paths": [".coverage.*", "junit.xml"]}])j"));
  EXPECT_EQ(json["assumed"], Json::parse(R"({"sessions": ["typecheck"], "seconds": 50})"));
  // The key order the issue writes, for people reading it.
  EXPECT_TRUE(RenderMatrixJson(graph, matrix).starts_with("{\n  \"version\": 1,\n"));
}

TEST_F(ExamplePlan, JsonWithoutAFinalStage) {
  Json json = Json::parse(RenderMatrixJson(graph, OneShard()));
  EXPECT_EQ(json["final"],
            Json::parse(R"({"sessions": [], "estimate_s": 0, "wall_s": 0, "needs": []})"));
  EXPECT_EQ(json["assumed"]["sessions"], Json::array());
  EXPECT_EQ(json["estimate_s"], 30 + 319);
}

TEST_F(ExamplePlan, JsonSurvivesASignatureThatIsNotUtf8) {
  project.sessions[0].signature = "lint-\xff";
  std::string text;
  ASSERT_NO_THROW(text = RenderMatrixJson(graph, matrix));
  EXPECT_NO_THROW(Json::parse(text));
  EXPECT_NO_THROW(RenderMatrixGithub(graph, matrix));
  EXPECT_NO_THROW(RenderMatrixGitlab(graph, matrix));
}

TEST_F(ExamplePlan, GithubOutputLines) {
  std::string text = RenderMatrixGithub(graph, matrix);
  std::vector<std::string> lines = Lines(text);
  ASSERT_EQ(lines.size(), 3u) << text;
  EXPECT_TRUE(text.ends_with("\n"));
  ASSERT_TRUE(lines[0].starts_with("matrix=")) << lines[0];
  EXPECT_EQ(lines[1], "final=true");
  ASSERT_TRUE(lines[2].starts_with("plan=")) << lines[2];

  Json include = Json::parse(lines[0].substr(7));
  ASSERT_EQ(include.size(), 1u);
  ASSERT_EQ(include["include"].size(), 3u);
  EXPECT_EQ(include["include"][0],
            Json::parse(R"({"shard": 1, "sessions": "lint, format, typecheck",
                            "estimate": "1m05s", "artifacts": ""})"));
  EXPECT_EQ(include["include"][1]["shard"], 2);
  EXPECT_EQ(include["include"][1]["sessions"], "tests(kind='unit')");
  EXPECT_EQ(include["include"][1]["estimate"], "2m00s");
  EXPECT_EQ(include["include"][1]["artifacts"], ".coverage.*");
  EXPECT_EQ(include["include"][2]["artifacts"],
            ".coverage.*\njunit.xml");  // upload-artifact's path

  EXPECT_EQ(Json::parse(lines[2].substr(5)), Json::parse(RenderMatrixJson(graph, matrix)));
}

TEST_F(ExamplePlan, GithubWithoutAFinalStage) {
  std::vector<std::string> lines = Lines(RenderMatrixGithub(graph, OneShard()));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1], "final=false");
  Json include = Json::parse(lines[0].substr(7));
  ASSERT_EQ(include["include"].size(), 1u);
  EXPECT_EQ(include["include"][0]["artifacts"], "");
}

TEST_F(ExamplePlan, GitlabChildPipeline) {
  std::string yaml = RenderMatrixGitlab(graph, matrix);
  EXPECT_EQ(yaml.find('\t'), std::string::npos);
  // Top level: comments, the stages and the five jobs, nothing else.
  std::vector<std::string> top;
  for (const std::string& line : Lines(yaml))
    if (!line.starts_with(" ") && !line.starts_with("#")) top.push_back(line);
  EXPECT_EQ(top,
            (std::vector<std::string>{"stages: [parnox-shards, parnox-final, parnox-durations]",
                                      ".parnox-plan:", "parnox-shard-1:", "parnox-shard-2:",
                                      "parnox-shard-3:", "parnox-final:", "parnox-durations:"}));

  // The plan once, unexpanded, for every job.
  using Ordered = nlohmann::ordered_json;
  std::string quoted_plan = Ordered(Ordered::parse(RenderMatrixJson(graph, matrix)).dump()).dump();
  EXPECT_EQ(GitlabJob(yaml, ".parnox-plan"),
            ".parnox-plan:\n  variables:\n    PARNOX_MATRIX:\n      value: " + quoted_plan +
                "\n      expand: false\n");
  auto job_head = [&](const std::string& name, const std::string& stage, const std::string& shard) {
    return name + ":\n  extends: [.parnox, .parnox-plan]\n  stage: " + stage +
           "\n  variables:\n    PARNOX_SHARD: \"" + shard + "\"\n";
  };
  std::string artifacts = "  artifacts:\n    when: always\n    expire_in: 1 day\n    paths:\n";
  EXPECT_EQ(GitlabJob(yaml, "parnox-shard-1"),
            job_head("parnox-shard-1", "parnox-shards", "1") + artifacts +
                "      - \"parnox-durations/parnox-shard-1.json\"\n");
  EXPECT_EQ(GitlabJob(yaml, "parnox-shard-2"),
            job_head("parnox-shard-2", "parnox-shards", "2") + artifacts +
                "      - \".coverage.*\"\n      - \"parnox-durations/parnox-shard-2.json\"\n");
  EXPECT_EQ(GitlabJob(yaml, "parnox-shard-3"),
            job_head("parnox-shard-3", "parnox-shards", "3") + artifacts +
                "      - \".coverage.*\"\n      - \"junit.xml\"\n"
                "      - \"parnox-durations/parnox-shard-3.json\"\n");
  EXPECT_EQ(GitlabJob(yaml, "parnox-final"),
            job_head("parnox-final", "parnox-final", "final") +
                "  when: always\n  needs:\n"
                "    - job: parnox-shard-2\n      artifacts: true\n"
                "    - job: parnox-shard-3\n      artifacts: true\n" +
                artifacts + "      - \"parnox-durations/parnox-final.json\"\n");
  // No needs: it takes every earlier job's artifacts, however many shards there are.
  EXPECT_EQ(GitlabJob(yaml, "parnox-durations"),
            "parnox-durations:\n  extends: .parnox-durations\n  stage: parnox-durations\n"
            "  when: always\n");
  EXPECT_TRUE(yaml.ends_with("  when: always\n"));
}

TEST_F(ExamplePlan, GitlabMatrixVariableIsThePlan) {
  std::string yaml = RenderMatrixGitlab(graph, OneShard());
  // A YAML double-quoted scalar here is a JSON string: it decodes to the JSON plan.
  std::string value = ValueOf(yaml, "      value: ");
  Json decoded = Json::parse(value);
  ASSERT_TRUE(decoded.is_string()) << value;
  EXPECT_EQ(Json::parse(decoded.get<std::string>()),
            Json::parse(RenderMatrixJson(graph, OneShard())));
}

TEST_F(ExamplePlan, GitlabWithoutAFinalStage) {
  std::string yaml = RenderMatrixGitlab(graph, OneShard());
  EXPECT_EQ(GitlabJob(yaml, "parnox-final"), "");  // no final stage, no job for it
  // The one shard keeps only its durations; the merge job follows it all the same.
  EXPECT_NE(GitlabJob(yaml, "parnox-shard-1")
                .find("    paths:\n      - \"parnox-durations/parnox-shard-1.json\"\n"),
            std::string::npos)
      << yaml;
  EXPECT_EQ(yaml.find(".coverage"), std::string::npos);
  EXPECT_EQ(GitlabJob(yaml, "parnox-durations"),
            "parnox-durations:\n  extends: .parnox-durations\n  stage: parnox-durations\n"
            "  when: always\n");
}

TEST_F(ExamplePlan, GitlabFinalJobOverFiftyFeedersWaitsForTheStage) {
  // 51 shards, each feeding the final stage: more than a GitLab needs list may hold.
  Matrix wide;
  wide.job_overhead = 30;
  for (int k = 0; k < 51; ++k) {
    wide.shards.push_back({{k % 5}, 1});
    wide.needs.push_back({k % 5, {".coverage.*"}});
  }
  wide.final = {{5}, 1};
  std::string final = GitlabJob(RenderMatrixGitlab(graph, wide), "parnox-final");
  EXPECT_NE(final.find("  when: always\n"), std::string::npos) << final;
  EXPECT_EQ(final.find("needs:"), std::string::npos) << final;

  wide.shards.resize(50);
  final = GitlabJob(RenderMatrixGitlab(graph, wide), "parnox-final");
  EXPECT_NE(final.find("needs:"), std::string::npos) << final;
  EXPECT_NE(final.find("    - job: parnox-shard-50\n"), std::string::npos) << final;
}

TEST_F(ExamplePlan, ReadsEachStageBack) {
  std::string text = RenderMatrixJson(graph, matrix);
  EXPECT_EQ(std::get<0>(ReadMatrixStage(text, "plan.json", 1)),
            (std::vector<std::string>{"lint", "format", "typecheck"}));
  EXPECT_EQ(std::get<0>(ReadMatrixStage(text, "plan.json", 3)),
            std::vector<std::string>{"tests(kind='integration')"});
  EXPECT_EQ(std::get<0>(ReadMatrixStage(text, "plan.json", 0)),
            std::vector<std::string>{"coverage_report"});
  // The github form's plan= line is the same plan.
  std::string github = RenderMatrixGithub(graph, matrix);
  std::string plan = ValueOf(github, "plan=");
  EXPECT_EQ(std::get<0>(ReadMatrixStage(plan, "-", 2)),
            std::vector<std::string>{"tests(kind='unit')"});
  EXPECT_EQ(std::get<0>(ReadMatrixStage(RenderMatrixJson(graph, OneShard()), "p", 0)),
            std::vector<std::string>{});
}

TEST_F(ExamplePlan, ShardOutOfRange) {
  std::string error = ErrorOf(ReadMatrixStage(RenderMatrixJson(graph, matrix), "plan.json", 4));
  EXPECT_EQ(error,
            "plan.json: has 3 shards, so there is no shard 4; use --shard 1 to 3 or "
            "--shard final");
  error = ErrorOf(ReadMatrixStage(RenderMatrixJson(graph, OneShard()), "one.json", 2));
  EXPECT_EQ(error,
            "one.json: has 1 shard, so there is no shard 2; use --shard 1 to 1 or "
            "--shard final");
}

TEST(ReadMatrixStageTest, NotJson) {
  std::string error = ErrorOf(ReadMatrixStage("{\"shards\": [", "plan.json", 1));
  ExpectNamesFileAndFix(error, "plan.json");
  EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;
  ExpectNamesFileAndFix(ErrorOf(ReadMatrixStage("", "ci/plan.json", 0)), "ci/plan.json");
}

TEST(ReadMatrixStageTest, MissingKeys) {
  for (const char* text : {"{}", "[]", "42", R"({"shards": []})", R"({"final": {}})",
                           R"({"shards": {}, "final": {}})"}) {
    SCOPED_TRACE(text);
    std::string error = ErrorOf(ReadMatrixStage(text, "plan.json", 1));
    ExpectNamesFileAndFix(error, "plan.json");
    EXPECT_NE(error.find("not a parnox matrix"), std::string::npos) << error;
  }
  // Stages without a "sessions" list.
  for (auto [text, shard] : {std::pair{R"({"shards": [{}], "final": {}})", 1},
                             std::pair{R"({"shards": [{"sessions": "a"}], "final": {}})", 1},
                             std::pair{R"({"shards": [], "final": []})", 0},
                             std::pair{R"({"shards": [], "final": {"needs": []}})", 0}}) {
    SCOPED_TRACE(text);
    std::string error = ErrorOf(ReadMatrixStage(text, "plan.json", shard));
    ExpectNamesFileAndFix(error, "plan.json");
    EXPECT_NE(error.find("\"sessions\""), std::string::npos) << error;
  }
}

TEST(ReadMatrixStageTest, SessionThatIsNotAString) {
  for (const char* text : {R"({"shards": [{"sessions": ["lint", 1]}], "final": {"sessions": []}})",
                           R"({"shards": [{"sessions": [null]}], "final": {"sessions": []}})",
                           R"({"shards": [{"sessions": [["lint"]]}], "final": {}})"}) {
    SCOPED_TRACE(text);
    std::string error = ErrorOf(ReadMatrixStage(text, "plan.json", 1));
    ExpectNamesFileAndFix(error, "plan.json");
    EXPECT_NE(error.find("not a string"), std::string::npos) << error;
  }
}

TEST(ReadMatrixFileTest, MissingFileNamesItAndTheFix) {
  std::string error;
  std::string file = (std::filesystem::temp_directory_path() / "parnox-no-such-plan.json");
  EXPECT_EQ(ReadMatrixFile(file, &error), std::nullopt);
  EXPECT_TRUE(error.starts_with("cannot read the plan " + file + ": ")) << error;
  EXPECT_NE(error.find("parnox matrix --format json > " + file), std::string::npos) << error;
}
