# Warnings and sanitizers live on one INTERFACE target that every hocso target links.
add_library(hocso_settings INTERFACE)
target_compile_options(hocso_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wnull-dereference -Wformat=2)
target_compile_definitions(hocso_settings INTERFACE BOOST_DLL_USE_STD_FS)
if(HOCSO_SANITIZE)
  target_compile_options(hocso_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
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
