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
