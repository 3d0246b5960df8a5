# HTML renderer: C unit test (writes a sample page and fragment into the
# build folder), the grid read-back, and the browser/validator checks.
add_executable(html_test tests/html_test.c)
target_link_libraries(html_test PRIVATE nbcore)
set(NB_HTML_OUT "${CMAKE_BINARY_DIR}/html_test_out")
file(MAKE_DIRECTORY "${NB_HTML_OUT}")
add_test(NAME html_unit COMMAND html_test "${NB_HTML_OUT}")
set_tests_properties(html_unit PROPERTIES FIXTURES_SETUP html_pages)

# The grid read back from the page, compared with the grids the C test built.
add_test(NAME html_grid COMMAND python3 "${CMAKE_SOURCE_DIR}/tests/html_grid_test.py" "${NB_HTML_OUT}/html_test_page.html")
set_tests_properties(html_grid PROPERTIES FIXTURES_REQUIRED html_pages)

# Nu Html Checker + axe-core/375 px/script checks in headless Chromium. The
# tools come from tests/tools (npm ci when node_modules is missing), installed
# once before the checks so parallel runs do not race.
add_test(NAME html_tools COMMAND "${CMAKE_SOURCE_DIR}/tests/html_validate.sh" --install)
set_tests_properties(html_tools PROPERTIES FIXTURES_SETUP html_tools TIMEOUT 600)
add_test(NAME html_validate_selftest COMMAND "${CMAKE_SOURCE_DIR}/tests/html_validate.sh" --self-test)
add_test(NAME html_validate_page COMMAND "${CMAKE_SOURCE_DIR}/tests/html_validate.sh"
  --expect-text [=[<script>alert(1)</script> & "x" 'y' </style><!-- -->]=]
  --expect-text [=[<img src=x onerror="window.nbPwned=1"><script>window.nbPwned=2</script>]=]
  "${NB_HTML_OUT}/html_test_page.html")
add_test(NAME html_validate_fragment COMMAND "${CMAKE_SOURCE_DIR}/tests/html_validate.sh" --fragment
  --expect-text [=[<script>alert(1)</script> & "x" 'y' </style><!-- -->]=]
  "${NB_HTML_OUT}/html_test_fragment.html")
set_tests_properties(html_validate_selftest PROPERTIES FIXTURES_REQUIRED html_tools TIMEOUT 300)
set_tests_properties(html_validate_page html_validate_fragment PROPERTIES
  FIXTURES_REQUIRED "html_tools;html_pages" TIMEOUT 300)
