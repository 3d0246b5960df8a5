# import: the HTML and PDF readers (gen/import/) read published reports
# back as page text; nianbao import maps it onto the form
# (tests/import_test.py, one ctest per case).
add_executable(page_text_dump "${CMAKE_SOURCE_DIR}/tests/page_text_dump.c")
target_link_libraries(page_text_dump PRIVATE nb_import)

find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(_nb_import_run ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/import_test.py" $<TARGET_FILE:nianbao>
    "${CMAKE_SOURCE_DIR}" "${NB_SHARED_DIR}")
# every sample: rendered to HTML and PDF, each imported, equal to the sample
file(GLOB _nb_import_samples CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/samples/*.yaml")
foreach(f ${_nb_import_samples})
  get_filename_component(name "${f}" NAME_WE)
  add_test(NAME import/roundtrip/${name}
    COMMAND ${_nb_import_run} "${CMAKE_BINARY_DIR}/import_out/roundtrip_${name}" roundtrip ${name})
endforeach()
# every seed's text: the matching sample's numbers and prose
file(GLOB _nb_import_seeds "${NB_SHARED_DIR}/seeds/*.txt")
foreach(f ${_nb_import_seeds})
  get_filename_component(name "${f}" NAME_WE)
  add_test(NAME import/seed/${name}
    COMMAND ${_nb_import_run} "${CMAKE_BINARY_DIR}/import_out/seed_${name}" seed ${name})
endforeach()
foreach(case blank_cell unplaceable shifted wording signoff units collapsed inconsistent rerun hostile)
  add_test(NAME import/${case} COMMAND ${_nb_import_run} "${CMAKE_BINARY_DIR}/import_out/${case}" ${case})
endforeach()
# under the sanitizers: poppler's own leaks inside fontconfig (tests/fuzz/lsan.supp)
get_property(_nb_all_tests DIRECTORY PROPERTY TESTS)
foreach(t ${_nb_all_tests})
  if(t MATCHES "^import/")
    set_tests_properties(${t} PROPERTIES ENVIRONMENT "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/fuzz/lsan.supp")
  endif()
endforeach()
