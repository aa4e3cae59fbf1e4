// Links kspan::core from an install, as another project would, and correlates one event.
#include <kspan/engine.hpp>
#include <kspan/tree_writer.hpp>
#include <iostream>
int main() {
  kspan::TreeWriter tree;
  kspan::Engine engine(kspan::Settings{}, tree);
  engine.begin_source("x");
  engine.push(R"({"kind":"Event","metadata":{"uid":"u1","namespace":"d"},"involvedObject":{"kind":"Pod","name":"p","namespace":"d"},"reason":"Pulled","message":"hi","lastTimestamp":"2024-01-01T00:00:00Z","source":{"component":"kubelet"}})");
  engine.finish();
  std::cout << tree.to_text();
}
