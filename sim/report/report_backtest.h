// The HTML page of a boundary backtest (`necsim boundary backtest`, written
// as backtest.html beside backtest.csv): the scores of every model side by
// side and, per model, the seats it got wrong. Drawn from backtest.json's
// object (sim/outputs/boundary_backtest.h); self-contained (the page
// scaffolding of report_page.h: no script, no network).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace necsim {

std::string BacktestReportHtml(const nlohmann::ordered_json& backtest, const std::string& version);

}  // namespace necsim
