# Warnings and sanitizers live on one INTERFACE target that every hocso target links.
add_library(hocso_settings INTERFACE)
target_compile_options(hocso_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wnull-dereference -Wformat=2)
target_compile_definitions(hocso_settings INTERFACE BOOST_DLL_USE_STD_FS)
# UBSan stops at the first finding (-fno-sanitize-recover): a test or a fuzzer
# must fail on it, not print a line nobody reads.
if(HOCSO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HOCSO_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  # Everything the fuzz targets link gets coverage counters (fuzzer-no-link);
  # only the fuzz executables link libFuzzer itself (hocso_add_fuzz_target).
  target_compile_options(hocso_settings INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(hocso_settings INTERFACE -fsanitize=address,undefined)
elseif(HOCSO_SANITIZE)
  target_compile_options(hocso_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(hocso_settings INTERFACE -fsanitize=address,undefined)
endif()

# Plugins are MODULE libraries with hidden visibility: only the entry point is exported.
function(hocso_add_plugin name)
  add_library(${name} MODULE ${ARGN})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "hocso-${name}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY "${HOCSO_PLUGIN_OUTPUT_DIR}")
  target_link_libraries(${name} PRIVATE hocso::plugin_api hocso_settings)
  install(TARGETS ${name} LIBRARY DESTINATION "${HOCSO_PLUGIN_SUBDIR}")
endfunction()

# A language given as data (docs/plugins.md, docs/decisions/0014): the folder
# lang-<tag>/ with language.yaml, labels.yaml when it has one, and the files
# given (fonts, licences), copied beside the plugin libraries in the build tree
# and the install. Nothing is compiled.
function(hocso_add_language name)
  set(out "${HOCSO_PLUGIN_OUTPUT_DIR}/${name}")
  # A build tree of the time languages were libraries has hocso-<name>.so here,
  # which would load first and shadow the data.
  file(REMOVE "${HOCSO_PLUGIN_OUTPUT_DIR}/hocso-${name}.so")
  set(files "${CMAKE_CURRENT_SOURCE_DIR}/language.yaml")
  if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/labels.yaml")
    list(APPEND files "${CMAKE_CURRENT_SOURCE_DIR}/labels.yaml")
  endif()
  foreach(file ${ARGN})
    if(NOT IS_ABSOLUTE "${file}")
      set(file "${CMAKE_CURRENT_SOURCE_DIR}/${file}")
    endif()
    list(APPEND files "${file}")
  endforeach()
  foreach(file ${files})
    get_filename_component(base "${file}" NAME)
    configure_file("${file}" "${out}/${base}" COPYONLY)
    install(FILES "${out}/${base}" DESTINATION "${HOCSO_PLUGIN_SUBDIR}/${name}")
  endforeach()
endfunction()
