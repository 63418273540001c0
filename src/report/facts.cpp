// The listing of `speclint facts`, as text and as JSON.

#include <nlohmann/json.hpp>

#include <ostream>
#include <set>

#include <fmt/format.h>

#include "common.hpp"
#include "speclint/facts.hpp"
#include "speclint/text.hpp"

namespace speclint {

namespace {

// A text as-is when it is one plain word, else quoted as a JSON string, so that a line
// splits back into its fields.
std::string word_or_string(std::string_view s) {
  bool plain = !s.empty();
  for (char c : s)
    if (c == ' ' || c == '"' || c == '\\' || c == '=' || c == ',' || c == '[' || c == ']' ||
        static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      plain = false;
  if (plain) return std::string(s);
  return nlohmann::json(valid_utf8(s)).dump();
}

std::string value_text(const fact_value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return word_or_string(*s);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "yes" : "no";
  std::string out = "[";
  for (const std::string& item : std::get<std::vector<std::string>>(v)) {
    if (out.size() > 1) out += ", ";
    out += word_or_string(item);
  }
  return out + "]";
}

nlohmann::ordered_json value_json(const fact_value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<bool>(&v)) return *b;
  return std::get<std::vector<std::string>>(v);
}

}  // namespace

void write_facts_text(const std::vector<file_read>& files, bool color, std::ostream& out) {
  auto paint = [color](std::string_view code, std::string_view s) {
    return color ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : std::string(s);
  };
  std::size_t facts = 0, with_facts = 0;
  std::set<std::string_view> readers;
  for (const file_read& f : files) {
    if (!f.facts.empty()) ++with_facts;
    for (const read_fact& r : f.facts) {
      ++facts;
      readers.insert(r.reader);
      std::string line = fmt::format(
          "{}: {}: {}", paint("1", escape_control(report::place(f.path, r.line, r.column))),
          paint("2", r.reader), r.kind);
      if (!r.subject.empty()) line += " " + escape_control(word_or_string(r.subject));
      for (const fact_field& x : r.fields)
        line += fmt::format(" {}={}", x.key, escape_control(value_text(x.value)));
      out << line << '\n';
    }
  }
  out << fmt::format("{} from {} in {} of {}\n", report::plural(facts, "fact"),
                     report::plural(readers.size(), "reader"), with_facts,
                     report::plural(files.size(), "file"));
}

void write_facts_json(const std::vector<file_read>& files, std::ostream& out) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  auto list = nlohmann::ordered_json::array();
  for (const file_read& f : files) {
    nlohmann::ordered_json file;
    file["path"] = f.path;
    file["role"] = f.role == file_role::task ? "task" : "doc";
    auto facts = nlohmann::ordered_json::array();
    for (const read_fact& r : f.facts) {
      nlohmann::ordered_json x;
      x["line"] = r.line;
      x["column"] = r.column;
      x["reader"] = r.reader;
      x["kind"] = r.kind;
      x["subject"] = r.subject;
      auto fields = nlohmann::ordered_json::object();
      for (const fact_field& field : r.fields) fields[field.key] = value_json(field.value);
      x["fields"] = std::move(fields);
      facts.push_back(std::move(x));
    }
    file["facts"] = std::move(facts);
    list.push_back(std::move(file));
  }
  j["files"] = std::move(list);
  // Invalid UTF-8 from the input is replaced, so the output always parses.
  out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace speclint
