// swift-tools-version: 6.0
import PackageDescription

/// swasm: a WebAssembly runtime. `libswasm.so` exports the wasm-c-api
/// (include/*.h); `swasm` is the command line.
let package = Package(
    name: "swasm",
    products: [
        .library(name: "swasm", type: .dynamic, targets: ["SwasmCAPI"]),
        .executable(name: "swasm-cli", targets: ["swasm"]),
    ],
    targets: [
        // bytes -> decode -> validate -> compile (tier) -> instantiate -> call
        .target(
            name: "SwasmCore",
            // The interpreter updates class state on every call; exclusivity is
            // still checked in debug builds, where the whole test suite runs.
            // The tail-duplication limits let LLVM copy the interpreter's
            // dispatch (a few instructions ending in the jump-table jump) into
            // each of its hundreds of handlers: one indirect jump per handler
            // predicts far better than one shared jump. Every block reached
            // only by a jump (each handler) is aligned to 32 bytes: without
            // it, calls moved by up to 9% between builds that changed
            // unrelated handlers.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked",
                                          "-Xllvm", "-tail-dup-pred-size=1000", "-Xllvm", "-tail-dup-succ-size=1000",
                                          "-Xllvm", "-align-all-nofallthru-blocks=5"],
                                         .when(configuration: .release))]
        ),
        .target(name: "SwasmWASI", dependencies: ["SwasmCore"]),
        .systemLibrary(name: "CWasmHeaders", path: "Sources/CWasmHeaders"),
        .target(
            name: "SwasmCAPI",
            dependencies: ["SwasmCore", "SwasmWASI", "CWasmHeaders"],
            linkerSettings: [
                .unsafeFlags([
                    "-static-stdlib",
                    "-Xlinker", "--version-script=Sources/SwasmCAPI/exports.map",
                ])
            ]
        ),
        // The command line links the Swift runtime statically, as libswasm.so
        // does: no shared libraries to load and relocate at each start.
        .executableTarget(name: "swasm", dependencies: ["SwasmCore", "SwasmWASI"],
                          linkerSettings: [.unsafeFlags(["-static-stdlib"])]),
        .testTarget(name: "SwasmCoreTests", dependencies: ["SwasmCore"]),
        .testTarget(name: "SwasmWASITests", dependencies: ["SwasmWASI"]),
    ],
    swiftLanguageModes: [.v5]
)
