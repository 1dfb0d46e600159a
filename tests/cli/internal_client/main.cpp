// A client that reaches into the library's internals, which public_api_only.cmake must reject.
#include <rapport/time.hpp>

#include "detail/text.hpp"

int main() {
  return static_cast<int>(rapport::detail::fixed(1.0).size());
}
