# import: the HTML and PDF readers (gen/import/) read published reports
# back as page text; tests/import_test.py checks them.
add_executable(page_text_dump "${CMAKE_SOURCE_DIR}/tests/page_text_dump.c")
target_link_libraries(page_text_dump PRIVATE nb_import)
