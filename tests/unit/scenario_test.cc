// Tests to come (owned by one work stream).
