# find_package(kspan) for an installed core: the target kspan::core.
include(CMakeFindDependencyMacro)
find_dependency(nlohmann_json 3.11)
include("${CMAKE_CURRENT_LIST_DIR}/kspanTargets.cmake")
