#include "app.hpp"

int main(int argc, char** argv) {
  return speclint::cli::run(argc, argv);
}
