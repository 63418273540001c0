// Google Benchmark for the hot inner pieces of a check: one task's front matter, one table
// doc and one task file through the loader, and the credential scanner on a line. Whole-run
// timings are bench/run's job; these show where a change moves the per-file cost.
//
//   build/bench/speclint_micro [--benchmark_filter=REGEX]

#include <benchmark/benchmark.h>

#include <string>

#include "file_facts.hpp"
#include "front_matter.hpp"
#include "hygiene_scan.hpp"
#include "speclint/lint.hpp"

namespace {

const std::string front_matter =
    "id: task-00010\nname: Work item 10\nstatus: pending\ndepends_on: [task-00004]\n"
    "scope: narrow\nrisk: low\nimpact: component\nlevel: implementation\nasserts:\n"
    "  - table: t01384\n  - column: t01384.id\n    nullable: false\n";

const std::string task_file =
    "---\n" + front_matter +
    "---\n\n## Description\n\nAdjust `t01384.id` and its neighbours.\n\n"
    "## Acceptance Criteria\n\n- [ ] the column is documented\n"
    "- [ ] the reference table agrees\n\n## References\n\n"
    "- docs/storage/t01384.md:9\n- docs/table-reference.md:375\n"
    "- docs/storage/t01384.md#t01384\n\n## Notes\n\nChecked against the spec.\n";

std::string table_doc() {
  std::string doc =
      "# `t00001`\n\nStores things.\n\n## `t00001`\n\n"
      "| Column | Type | Nullable | Default | Notes |\n|---|---|---|---|---|\n";
  for (int i = 0; i < 12; ++i)
    doc += "| `col" + std::to_string(i) + "` | `text` | " + (i % 2 ? "yes" : "no") +
           " | | PK, see [ref](../table-reference.md#foreign-keys) |\n";
  doc +=
      "\n### Indexes\n\n| Index | Columns | Unique |\n|---|---|---|\n| `t00001_pkey` | `col0` | "
      "yes |\n";
  return doc;
}

void front_matter_parse(benchmark::State& state) {
  speclint::limits lim;
  for (auto _ : state) {
    speclint::load::yaml_error err;
    auto v = speclint::load::parse_yaml(front_matter, 0, 2, lim, err);
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * front_matter.size()));
}
BENCHMARK(front_matter_parse);

void read_task_file(benchmark::State& state) {
  speclint::config cfg;
  speclint::file_rules per_file(cfg, {});
  const speclint::file_callback on_file = per_file.callback();
  for (auto _ : state) {
    speclint::text_pool texts;  // a pool per file here, so that memory stays flat
    auto facts = speclint::load::read_markdown("tasks/task-00010.md", speclint::file_role::task,
                                               task_file, 0, texts, cfg, on_file);
    benchmark::DoNotOptimize(facts);
    benchmark::DoNotOptimize(per_file.take());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * task_file.size()));
}
BENCHMARK(read_task_file);

void read_table_doc(benchmark::State& state) {
  speclint::config cfg;
  const std::string doc = table_doc();
  for (auto _ : state) {
    speclint::text_pool texts;
    auto facts = speclint::load::read_markdown("docs/storage/t00001.md", speclint::file_role::doc,
                                               doc, 0, texts, cfg);
    benchmark::DoNotOptimize(facts);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(read_table_doc);

void credential_scan(benchmark::State& state) {
  const std::string line =
      "| `passwordHash` | `text` | no | | Argon2id hash; the token in `apiToken` is rotated daily "
      "|";
  const std::vector<std::string> placeholders;
  for (auto _ : state) {
    auto m = speclint::rules::hygiene::credentials(line, false, placeholders);
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * line.size()));
}
BENCHMARK(credential_scan);

}  // namespace

BENCHMARK_MAIN();
