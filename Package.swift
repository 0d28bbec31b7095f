// swift-tools-version:6.0
// curio: a conversational recommender that runs in the terminal, on the user's machine.
// Licence: GPL-3.0-or-later (the binary links GNU readline).

import PackageDescription
import Foundation

/// The SIMD code-generation flags for this machine's CPU.
///
/// Without a CPU target `SIMD16.addProduct` becomes one libm `fmaf` call per lane
/// (~250x slower; see docs/benchmarks.md). curio is built from source on the machine
/// that runs it, so we read the host's CPU features and ask for the widest vector ISA
/// it has: x86-64-v4 (AVX-512) where present, x86-64-v3 (AVX2 + FMA) otherwise.
let vectorFlags: [String] = {
    #if arch(x86_64)
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    let flags = Set(flagsLine.split(separator: " ").map(String.init))
    if ["avx512f", "avx512bw", "avx512vl", "avx512dq"].allSatisfy(flags.contains) {
        return ["-Xcc", "-march=x86-64-v4", "-DCURIO_AVX512"]  // CURIO_AVX512: CurioKernels' 6x32 GEMM tile
    }
    if ["avx2", "fma", "f16c"].allSatisfy(flags.contains) {
        return ["-Xcc", "-march=x86-64-v3"]
    }
    return []
    #else
    return []
    #endif
}()

/// Hot numeric code is always optimised, even in `swift test`'s debug build:
/// gradient checks and training tests would otherwise take minutes.
let fastMath: [SwiftSetting] = [.unsafeFlags(vectorFlags + ["-Ounchecked"])]
let vectorOnly: [SwiftSetting] = [.unsafeFlags(vectorFlags)]
/// Text code run 100,000 times by its fuzz test: optimised (checks kept) so tests stay fast.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "curio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "curio", targets: ["curio"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries, each behind one thin shim.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline", pkgConfig: "readline",
                       providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CSQLite3", path: "Sources/CSQLite3", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),

        // Layers, bottom first. A module imports only modules above it in this list.
        .target(name: "CurioRandom"),
        .target(name: "CurioKernels", swiftSettings: fastMath),
        .target(name: "CurioModel", dependencies: ["CurioKernels"], swiftSettings: fastMath),
        .target(name: "CurioCatalog", swiftSettings: vectorOnly),
        .target(name: "CurioEvaluation", dependencies: ["CurioCatalog", "CurioKernels", "CurioRandom"],
                swiftSettings: fastMath),
        .target(name: "CurioDialogue", dependencies: ["CurioCatalog"], swiftSettings: optimised),
        // The other two generator families (Mult-VAE, IRGAN), each an ItemScorer.
        .target(name: "CurioGenerators", dependencies: ["CurioKernels", "CurioModel", "CurioCatalog", "CurioEvaluation"],
                swiftSettings: fastMath),
        .target(name: "CurioEngine",
                dependencies: ["CurioKernels", "CurioModel", "CurioCatalog", "CurioDialogue", "CurioEvaluation", "CurioGenerators", "CurioRandom"],
                swiftSettings: [.unsafeFlags(vectorFlags + ["-O"])]),  // beam search loops over every item per step
        .target(name: "CurioTraining", dependencies: ["CurioEngine"], swiftSettings: fastMath),
        .target(name: "CurioProfile", dependencies: ["CSQLite3"]),
        .target(name: "CurioChatUI", dependencies: ["CurioCatalog"]),
        .target(name: "CurioTerminal", dependencies: ["CurioChatUI", "CNcursesw", "CReadline"]),
        // Test fixture only: the real terminal front end over a deterministic backend, driven under tmux.
        .executableTarget(name: "curio-tui-fixture", dependencies: ["CurioTerminal"],
                          path: "Tests/Fixtures/curio-tui-fixture"),
        .executableTarget(
            name: "curio",
            dependencies: [
                "CurioTraining", "CurioTerminal", "CurioChatUI", "CurioProfile", "CurioSimulation", "CurioRandom",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: vectorOnly),
        // Seeded simulated users talking to the engine and to reference recommenders
        // (`curio eval --conversations`); only the executable imports it.
        .target(name: "CurioSimulation", dependencies: ["CurioEngine", "CurioEvaluation", "CurioRandom"], swiftSettings: optimised),

        .testTarget(name: "CurioKernelsTests", dependencies: ["CurioKernels", "CurioRandom"], swiftSettings: fastMath),
        .testTarget(name: "CurioModelTests", dependencies: ["CurioModel", "CurioCatalog", "CurioRandom"], exclude: ["Reference"],
                    swiftSettings: fastMath),
        .testTarget(name: "CurioCatalogTests", dependencies: ["CurioCatalog", "CurioRandom"]),
        .testTarget(name: "CurioEvaluationTests", dependencies: ["CurioEvaluation", "CurioRandom"], swiftSettings: fastMath),
        .testTarget(name: "CurioGeneratorsTests", dependencies: ["CurioGenerators", "CurioCatalog", "CurioEvaluation", "CurioRandom"],
                    swiftSettings: fastMath),
        .testTarget(name: "CurioDialogueTests", dependencies: ["CurioDialogue", "CurioRandom"], swiftSettings: optimised),
        .testTarget(name: "CurioEngineTests", dependencies: ["CurioEngine", "CurioRandom"], swiftSettings: optimised),
        .testTarget(name: "CurioTrainingTests", dependencies: ["CurioTraining"], swiftSettings: fastMath),
        .testTarget(name: "CurioProfileTests", dependencies: ["CurioProfile", "curio", "CurioRandom"]),
        .testTarget(name: "CurioChatUITests", dependencies: ["CurioChatUI"], exclude: ["Snapshots"]),
        .testTarget(name: "CurioTerminalTests", dependencies: ["CurioTerminal", "curio-tui-fixture", "curio"]),
        .testTarget(name: "CurioSimulationTests", dependencies: ["CurioSimulation"], swiftSettings: optimised),
    ]
)
