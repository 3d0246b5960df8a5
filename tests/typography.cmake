# Line-level typography of every sample, read back glyph by glyph from the
# PDF (mutool, package mupdf-tools) and checked by rule (tests/typography_lines.py).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME typography_lines
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/typography_lines.py" $<TARGET_FILE:nianbao>
          "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/typography_out")
set_tests_properties(typography_lines PROPERTIES TIMEOUT 300)
# Page decisions (tests/typography_pages.py): the sign-off (date 右空四字, the
# agency centred over it, never alone on a page), body lines on the page grid,
# no blank foot where the next table would fit with the declared shrink.
add_test(NAME typography_pages
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/typography_pages.py" $<TARGET_FILE:nianbao>
          "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/typography_pages_out")
set_tests_properties(typography_pages PROPERTIES TIMEOUT 300)

# Table column widths from the content: numbers never broken, no widow in a
# cell, the smaller styles, the too-wide error, the layout's fit keys
# (tests/table_fit_test.py).
add_test(NAME table_fit
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/table_fit_test.py" $<TARGET_FILE:nianbao>
          "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/table_fit_out")
set_tests_properties(table_fit PROPERTIES TIMEOUT 300)
