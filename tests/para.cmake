# para / linebreak: Chinese line breaking and justification.
add_executable(para_test "${CMAKE_SOURCE_DIR}/tests/para_test.c")
target_link_libraries(para_test PRIVATE nbcore)
add_test(NAME para_unit COMMAND para_test)
# It also lays out 2,000 paragraphs of 5,000 characters (0.5 s in Release):
# the limit catches a quadratic regression, with room for sanitizer builds.
set_tests_properties(para_unit PROPERTIES TIMEOUT 120)

# The literate spec: tests/spec/cjk-breaking.txt, run by its driver.
add_executable(para_spec "${CMAKE_SOURCE_DIR}/tests/para_spec.c")
target_link_libraries(para_spec PRIVATE nbcore)
add_test(NAME para_spec_cjk_breaking COMMAND para_spec "${CMAKE_SOURCE_DIR}/tests/spec/cjk-breaking.txt")
