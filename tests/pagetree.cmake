# Page layout by example: tests/spec/pagination.txt (tests/pagetree_spec.c).
add_executable(pagetree_spec tests/pagetree_spec.c)
target_link_libraries(pagetree_spec PRIVATE nbcore)
add_test(NAME pagetree_spec COMMAND pagetree_spec "${CMAKE_SOURCE_DIR}/tests/spec/pagination.txt"
         "${CMAKE_SOURCE_DIR}/tests/spec")
