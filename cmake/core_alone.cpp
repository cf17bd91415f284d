// Not a program anyone runs: CMakeLists.txt links it with every object of salesrep_core and only
// fmt, yaml-cpp and the thread library, so the core cannot call into io, import, html or the CLI
// (the link fails with an undefined reference when it does).
int main() { return 0; }
