#include "counting/result_sheet.h"

#include <algorithm>
#include <sstream>

namespace necsim {
namespace {

std::vector<std::string> Names(const std::vector<CandidateId>& ids, const std::vector<Candidate>& cands) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (CandidateId c : ids) out.push_back(cands[c].name);
  return out;
}

// Display width of a UTF-8 string (code points).
size_t Width(const std::string& s) {
  size_t w = 0;
  for (unsigned char ch : s) w += (ch & 0xC0) != 0x80;
  return w;
}

std::string PadLeft(const std::string& s, size_t w) {
  const size_t sw = Width(s);
  std::string out;
  if (sw < w) out.append(w - sw, ' ');
  out.append(s);
  return out;
}
std::string PadRight(const std::string& s, size_t w) {
  const size_t sw = Width(s);
  std::string out(s);
  if (sw < w) out.append(w - sw, ' ');
  return out;
}

}  // namespace

nlohmann::ordered_json ResultToJson(const CountResult& r, const std::vector<Candidate>& cands,
                                    const std::string& title) {
  nlohmann::ordered_json j;
  j["rule"] = r.rule;
  j["title"] = title;
  j["seats"] = r.seats;
  j["quota"] = r.quota;
  j["elected"] = Names(r.elected, cands);
  j["elected_stage"] = r.elected_stage;
  nlohmann::ordered_json fv = nlohmann::ordered_json::object();
  for (size_t c = 0; c < cands.size() && c < r.final_votes.size(); ++c) fv[cands[c].name] = r.final_votes[c];
  j["final_votes"] = fv;
  nlohmann::ordered_json cj = nlohmann::ordered_json::array();
  for (const auto& c : cands) {
    nlohmann::ordered_json o;
    o["name"] = c.name;
    if (!c.slate.empty()) o["slate"] = c.slate;  // the label the ballot file gives the name
    o["withdrawn"] = c.withdrawn;
    if (c.gender != Gender::kUnknown) o["gender"] = c.gender == Gender::kWoman ? "f" : "m";
    cj.push_back(o);
  }
  j["candidates"] = cj;
  j["ties_by_lot"] = r.ties_by_lot;
  j["constraints_acted"] = r.constraints_acted;
  nlohmann::ordered_json stages = nlohmann::ordered_json::array();
  for (const Stage& s : r.stages) {
    nlohmann::ordered_json sj;
    sj["number"] = s.number;
    sj["kind"] = s.kind;
    sj["description"] = s.description;
    sj["subjects"] = Names(s.subjects, cands);
    sj["quota"] = s.quota;
    nlohmann::ordered_json votes = nlohmann::ordered_json::object();
    for (size_t c = 0; c < cands.size() && c < s.votes.size(); ++c) votes[cands[c].name] = s.votes[c];
    sj["votes"] = votes;
    sj["non_transferable"] = s.non_transferable;
    sj["elected"] = Names(s.elected, cands);
    sj["excluded"] = Names(s.excluded, cands);
    nlohmann::ordered_json st = nlohmann::ordered_json::object();
    for (size_t c = 0; c < cands.size() && c < s.states.size(); ++c) st[cands[c].name] = StateName(s.states[c]);
    sj["states"] = st;
    sj["notes"] = s.notes;
    stages.push_back(sj);
  }
  j["stages"] = stages;
  return j;
}

std::string ResultToText(const CountResult& r, const std::vector<Candidate>& cands, const std::string& title) {
  std::ostringstream out;
  out << (title.empty() ? std::string("Election") : title) << "\n";
  out << "Rule: " << r.rule << "   Seats: " << r.seats;
  if (!r.quota.empty()) out << "   Quota: " << r.quota;
  out << "\n\n";
  size_t name_w = 20;
  for (const auto& c : cands) name_w = std::max(name_w, Width(c.name) + 1);
  // Stages in blocks of columns so wide counts stay readable.
  constexpr size_t kPerBlock = 6;
  for (size_t b = 0; b < r.stages.size(); b += kPerBlock) {
    const size_t e = std::min(r.stages.size(), b + kPerBlock);
    size_t col_w = 10;
    for (size_t s = b; s < e; ++s) {
      for (const auto& v : r.stages[s].votes) col_w = std::max(col_w, Width(v) + 2);
      col_w = std::max(col_w, Width(r.stages[s].non_transferable) + 2);
    }
    out << PadRight("Stage", name_w);
    for (size_t s = b; s < e; ++s) out << PadLeft(std::to_string(r.stages[s].number), col_w);
    out << "\n" << PadRight("", name_w);
    for (size_t s = b; s < e; ++s) out << PadLeft(r.stages[s].kind, col_w);
    out << "\n";
    for (size_t c = 0; c < cands.size(); ++c) {
      out << PadRight(cands[c].name, name_w);
      for (size_t s = b; s < e; ++s) {
        const Stage& st = r.stages[s];
        static const std::string kDash = "-", kBlank;
        const bool withdrawn = c < st.states.size() && st.states[c] == CandidateState::kWithdrawn;
        out << PadLeft(withdrawn ? kDash : (c < st.votes.size() ? st.votes[c] : kBlank), col_w);
      }
      out << "\n";
    }
    out << PadRight("Non-transferable", name_w);
    for (size_t s = b; s < e; ++s) out << PadLeft(r.stages[s].non_transferable, col_w);
    out << "\n\n";
  }
  for (const Stage& s : r.stages) {
    out << "Stage " << s.number << ": " << s.description;
    if (!s.elected.empty()) {
      out << " Elected:";
      for (CandidateId c : s.elected) out << " " << cands[c].name << ";";
    }
    if (!s.excluded.empty()) {
      out << " Excluded:";
      for (CandidateId c : s.excluded) out << " " << cands[c].name << ";";
    }
    for (const auto& n : s.notes) out << " " << n;
    out << "\n";
  }
  out << "\nElected:\n";
  for (size_t i = 0; i < r.elected.size(); ++i) {
    const CandidateId c = r.elected[i];
    out << "  " << (i + 1) << ". " << cands[c].name;
    if (static_cast<size_t>(c) < r.final_votes.size()) out << " (" << r.final_votes[c] << ")";
    out << "\n";
  }
  if (r.ties_by_lot > 0) out << "Ties resolved by lot: " << r.ties_by_lot << "\n";
  return out.str();
}

}  // namespace necsim
