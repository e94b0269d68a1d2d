// Reading the constituency tables of a boundary scenario (CSV, through the
// one CSV reader of sim/io/csv.h) into models/boundary's ConstituencyTable.
#pragma once

#include <string>
#include <vector>

#include "boundary/boundary.h"
#include "core/status.h"

namespace necsim {

// Reads a table. Every configured column must be in the header row; every
// row must have as many fields as the header; ids must be unique; electorate
// and votes must be whole numbers >= 0 (a row with no votes at all is an
// error). Fields may be quoted ("Birmingham, Hall Green"). Errors name the
// file, the line and the column (1-based field number; the column's name in
// `field`).
Result<ConstituencyTable> ReadConstituencyTable(const std::string& path, const ColumnMap& columns,
                                                const std::vector<std::string>& parties);
// The same from text (`source` names it in messages).
Result<ConstituencyTable> ParseConstituencyTable(const std::string& text, const std::string& source,
                                                 const ColumnMap& columns, const std::vector<std::string>& parties);

}  // namespace necsim
