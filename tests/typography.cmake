# Line-level typography of every sample, read back glyph by glyph from the
# PDF (mutool, package mupdf-tools) and checked by rule (tests/typography_lines.py).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME typography_lines
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/typography_lines.py" $<TARGET_FILE:nianbao>
          "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/typography_out")
set_tests_properties(typography_lines PROPERTIES TIMEOUT 300)
