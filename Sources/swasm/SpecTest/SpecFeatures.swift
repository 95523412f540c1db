import SwasmCore

/// The proposals each testsuite group is written for: the runner enables
/// them in the engine that runs the group's files.
enum SpecFeatures {
    /// The features for `group`'s files: the engine default (the finished
    /// Wasm 3.0 proposals and threads), plus the proposal the group tests;
    /// the threads suite is written against Wasm 1.0 (one memory, one table).
    static func features(forGroup group: String) -> Features {
        var features = Features.default
        switch group {
        case "proposal-custom-page-sizes": features.insert(.customPageSizes)
        case "proposal-wide-arithmetic": features.insert(.wideArithmetic)
        case "proposal-threads": features.subtract([.multiMemory, .referenceTypes])
        default: break
        }
        return features
    }

    /// `features` as one `-W` value that sets every feature.
    static func setting(_ features: Features) -> String {
        (["all=n"] + Features.named.filter { features.contains($0.feature) }.map { "\($0.name)=y" }).joined(separator: ",")
    }
}
