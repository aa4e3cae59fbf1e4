# Run at build time (cmake -P): fetches the official OTLP .proto files from the pinned npm
# package, checks the tarball against a pinned digest and unpacks build/protos/.
# Debian packages no copy of them, and copies in the repository would drift from upstream.
# In: NPM, PACKAGE (name@version), SHA256, DEST (folder that receives opentelemetry/proto/...).
cmake_minimum_required(VERSION 3.25)
set(work "${DEST}.download")
file(REMOVE_RECURSE "${work}")
file(MAKE_DIRECTORY "${work}")
execute_process(
  COMMAND "${NPM}" pack "${PACKAGE}" --pack-destination "${work}" --silent
  WORKING_DIRECTORY "${work}"
  RESULT_VARIABLE result OUTPUT_VARIABLE tarball ERROR_VARIABLE npm_error
  OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "npm pack ${PACKAGE} failed (is the npm registry reachable?):\n${npm_error}\n"
    "Offline: unpack the package elsewhere and configure with -DKSPAN_OTLP_PROTO_DIR=<its build/protos>.")
endif()
file(GLOB tarballs "${work}/*.tgz")
list(GET tarballs 0 tarball)
file(SHA256 "${tarball}" digest)
if(NOT digest STREQUAL SHA256)
  message(FATAL_ERROR "${tarball}: SHA-256 ${digest}, expected ${SHA256}")
endif()
file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${work}" PATTERNS "package/build/protos/*")
file(REMOVE_RECURSE "${DEST}")
file(RENAME "${work}/package/build/protos" "${DEST}")
file(REMOVE_RECURSE "${work}")
