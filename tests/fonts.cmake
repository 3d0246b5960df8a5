# fonts / ttf_subset / pdf_fonts: font roles through fonts/fonts.conf,
# coverage and fallback, the TrueType subsetter, and embedding in a PDF.
find_package(Python3 COMPONENTS Interpreter)

add_executable(fonts_test "${CMAKE_SOURCE_DIR}/tests/fonts_test.c")
target_link_libraries(fonts_test PRIVATE nbcore)
set(NB_FONTS_OUT "${CMAKE_BINARY_DIR}/fonts_test_out")
file(MAKE_DIRECTORY "${NB_FONTS_OUT}")
add_test(NAME fonts_unit COMMAND fonts_test "${CMAKE_SOURCE_DIR}" "${NB_FONTS_OUT}")

add_executable(fonts_pdf "${CMAKE_SOURCE_DIR}/tests/fonts_pdf.c")
target_link_libraries(fonts_pdf PRIVATE nbcore)
add_test(NAME fonts_pdf
  COMMAND "${Python3_EXECUTABLE}" "${CMAKE_SOURCE_DIR}/tests/fonts_pdf.py"
          $<TARGET_FILE:fonts_pdf> "${CMAKE_SOURCE_DIR}/fonts/fonts.conf" "${NB_FONTS_OUT}")

# Fonts by role and per-level synthetic bold, read back from a rendered PDF
# (pdffonts, qpdf --qdf content stream, pdftoppm darkness).
add_test(NAME fonts_weights
  COMMAND "${Python3_EXECUTABLE}" "${CMAKE_SOURCE_DIR}/tests/weights_test.py"
          $<TARGET_FILE:nianbao> "${CMAKE_SOURCE_DIR}" "${NB_FONTS_OUT}")
