// A C++ program that logs its progress to stderr through fwrite while it
// computes (containers, strings, algorithms; wasm32-wasi has no C++
// exceptions, so errors are values), and prints a
// result to stdout.
#include <algorithm>
#include <cstdio>
#include <map>
#include <numeric>
#include <string>
#include <vector>

namespace {

void log(const std::string &message) {
    std::string line = "[log] " + message + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

std::vector<int> primes(int limit) {
    std::vector<bool> composite(limit + 1, false);
    std::vector<int> result;
    for (int i = 2; i <= limit; i++) {
        if (composite[i]) continue;
        result.push_back(i);
        for (long j = (long)i * i; j <= limit; j += i) composite[j] = true;
    }
    return result;
}

bool parse(const std::string &s, int &out, std::string &error) {
    if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) {
        error = "not a number: " + s;
        return false;
    }
    out = std::stoi(s);
    return true;
}

}  // namespace

int main() {
    log("starting");
    auto p = primes(10000);
    log("sieve found " + std::to_string(p.size()) + " primes");
    long sum = std::accumulate(p.begin(), p.end(), 0L);
    std::map<int, int> lastDigits;
    for (int x : p) lastDigits[x % 10]++;
    log("counted last digits");
    std::vector<std::string> words = {"pear", "apple", "fig", "banana"};
    std::sort(words.begin(), words.end());
    int caught = 0, value = 0;
    std::string error;
    if (!parse("12x", value, error)) {
        log("rejected: " + error);
        caught = 1;
    }
    if (parse("4096", value, error)) log("parsed " + std::to_string(value));
    std::printf("primes=%zu sum=%ld\n", p.size(), sum);
    for (auto &kv : lastDigits) std::printf("digit %d: %d\n", kv.first, kv.second);
    std::string joined;
    for (auto &w : words) joined += (joined.empty() ? "" : ",") + w;
    std::printf("sorted=%s caught=%d\n", joined.c_str(), caught);
    log("done");
    return 0;
}
