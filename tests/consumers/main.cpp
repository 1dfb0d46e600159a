// A consumer program: runs the check (check.cpp, linked in or from a shared library of the consumer).
#include "check.hpp"

int main() {
  return check_rapport();
}
