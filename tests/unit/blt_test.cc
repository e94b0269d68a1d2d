// Tests to come (file owned by one work stream; see tests/CMakeLists.txt).
