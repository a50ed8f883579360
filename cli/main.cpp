#include <cstdio>

int main() {
  std::puts("hocso " HOCSO_VERSION);
  return 0;
}
