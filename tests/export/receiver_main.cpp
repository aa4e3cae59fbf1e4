// otlp_test_receiver: the tests' OTLP receiver as a program, for trying `kspan replay` by
// hand. Prints its endpoints, then the span count whenever it changes, until killed.
#include <iostream>
#include <thread>

#include "test_receiver.hpp"

int main() {
  kspan::exporter::test::TestReceiver receiver(std::nullopt, false);
  std::cout << "http " << receiver.http_endpoint() << "\ngrpc " << receiver.grpc_endpoint() << std::endl;
  size_t last = 0;
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    if (size_t now = receiver.spans(); now != last) std::cout << (last = now) << " spans" << std::endl;
  }
}
