#include "crm/crm_csv.h"

namespace syntera::crm {

int CsvReader::Get() {
  int c = in_.get();
  if (c != std::char_traits<char>::eof()) ++bytes_;
  return c;
}

int CsvReader::Peek() { return in_.peek(); }

Result<bool> CsvReader::Next(std::vector<std::string>& fields, int64_t& line) {
  constexpr int kEof = std::char_traits<char>::eof();
  fields.clear();
  if (!started_) {
    started_ = true;
    if (Peek() == 0xEF) {  // UTF-8 BOM
      char bom[3];
      in_.read(bom, 3);
      bytes_ += in_.gcount();
      if (in_.gcount() != 3 || static_cast<unsigned char>(bom[1]) != 0xBB ||
          static_cast<unsigned char>(bom[2]) != 0xBF) {
        return InvalidArgument("invalid UTF-8 byte order mark", {{"csv", "starts with a broken BOM"}});
      }
    }
  }
  if (Peek() == kEof) return false;
  line = line_;
  std::string field;
  bool quoted = false;      // inside quotes
  bool was_quoted = false;  // the current field was quoted (closing quote seen)
  auto fail = [&](const char* what) -> Result<bool> {
    return InvalidArgument("malformed CSV",
                           {{"csv", "line " + std::to_string(line_) + ": " + what}});
  };
  for (;;) {
    int c = Get();
    if (quoted) {
      if (c == kEof) return fail("a quoted field is never closed");
      if (c == '"') {
        if (Peek() == '"') {
          Get();
          field.push_back('"');
        } else {
          quoted = false;
          was_quoted = true;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(static_cast<char>(c));
      }
      continue;
    }
    if (c == ',' ) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
      continue;
    }
    if (c == '\r' && Peek() == '\n') continue;  // CRLF: the LF ends the record
    if (c == '\n' || c == kEof) {
      if (c == '\n') ++line_;
      fields.push_back(std::move(field));
      return true;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) return fail("a quote inside an unquoted field");
      quoted = true;
      continue;
    }
    if (was_quoted) return fail("text after a closing quote");
    field.push_back(static_cast<char>(c));
  }
}

std::string CsvCell(std::string_view value, bool formula_safe) {
  std::string v;
  if (formula_safe && !value.empty() &&
      (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
       value[0] == '\t' || value[0] == '\r')) {
    v = "'";
  }
  v.append(value);
  bool quote = v.find_first_of(",\"\r\n") != std::string::npos ||
               (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& cells, bool formula_safe) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out.push_back(',');
    out += CsvCell(cells[i], formula_safe);
  }
  out += "\r\n";
}

std::string_view StripFormulaGuard(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' &&
      (cell[1] == '=' || cell[1] == '+' || cell[1] == '-' || cell[1] == '@' || cell[1] == '\t' ||
       cell[1] == '\r')) {
    return cell.substr(1);
  }
  return cell;
}

std::vector<std::string> ContactCsvHeader(const std::vector<std::string>& custom_keys) {
  std::vector<std::string> h = {"id",        "first_name", "last_name",       "email",
                                "phone",     "company_id", "job_title",       "lifecycle_stage",
                                "source",    "tags",       "owner_id",        "created_at"};
  for (const auto& k : custom_keys) h.push_back("cf:" + k);
  return h;
}

std::vector<std::string> ContactCsvRow(const Contact& c,
                                       const std::vector<std::string>& custom_keys) {
  std::string tags;
  for (const auto& t : c.tags) tags += (tags.empty() ? "" : ";") + t;
  std::vector<std::string> r = {c.id.str(),
                                c.first_name,
                                c.last_name,
                                c.emails.empty() ? "" : c.emails.front(),
                                c.phones.empty() ? "" : c.phones.front(),
                                c.company_id ? c.company_id->str() : "",
                                c.job_title,
                                std::string(LifecycleName(c.lifecycle)),
                                std::string(SourceName(c.source)),
                                tags,
                                c.owner_id ? c.owner_id->str() : "",
                                FormatRfc3339(c.created_at)};
  for (const auto& k : custom_keys) {
    std::string v;
    for (const auto& cv : c.custom) {
      if (cv.key == k) v = cv.value;
    }
    r.push_back(std::move(v));
  }
  return r;
}

}  // namespace syntera::crm
